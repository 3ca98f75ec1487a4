import { describe, it, expect } from 'vitest';
import { loadPlantFile } from '@zld/plant';
import { isAnalogMeasurement, sensorParamsFor } from './instruments.js';

describe('instrument characteristics', () => {
  const plant = loadPlantFile();

  it('gives every analog measurement of the pilot a transmitter, and none to commands or computed tags', () => {
    const analog = plant.tags.filter(isAnalogMeasurement);
    expect(analog.length).toBeGreaterThan(60);
    for (const t of analog) {
      const p = sensorParamsFor(t);
      expect(p.span).toEqual(t.range);
      expect(p.tauS).toBeGreaterThan(0);
    }
    for (const n of ['LIC-402.SP', 'P-405.CMD', 'FY-913', 'FQ-001', 'KI-100', 'LSH-902', 'FFY-201'])
      expect(isAnalogMeasurement(plant.tag(n))).toBe(false);
  });

  it('follows the plant model for flow, level, pH and analysers', () => {
    expect(sensorParamsFor(plant.tag('FIC-405'))).toMatchObject({
      noise: 0.0025,
      noiseBasis: 'reading',
    });
    expect(sensorParamsFor(plant.tag('LIC-402'))).toMatchObject({
      noise: 0.001,
      noiseBasis: 'span',
    });
    const ph = sensorParamsFor(plant.tag('AIC-403'));
    expect((ph.noise ?? 0) * (ph.span[1] - ph.span[0])).toBeCloseTo(0.02, 9);
    expect(sensorParamsFor(plant.tag('AI-209')).deadTimeS).toBeGreaterThanOrEqual(120);
  });
});

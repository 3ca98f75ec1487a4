import { describe, expect, it } from 'vitest';
import { clampToRange, valueQuality, withValueQuality } from './value-quality.js';

const ft = { dataType: 'float32' as const, range: [-10, 210] as [number, number] };

describe('the quality of a decoded value', () => {
  it('is Good inside the range, its ends included', () => {
    for (const v of [-10, 0, 100.5, 210]) expect(valueQuality(ft, v), String(v)).toBe('Good');
  });

  it('is Uncertain_EngineeringUnitsExceeded just outside either end, and far out', () => {
    for (const v of [-10.000001, 210.00001, Math.fround(210) + 2 ** -16, 8.8e32, -8.8e32])
      expect(valueQuality(ft, v), String(v)).toBe('Uncertain_EngineeringUnitsExceeded');
  });

  it('is Bad for NaN and both infinities', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(valueQuality(ft, v), String(v)).toBe('Bad_SensorFailure');
  });

  it('never judges a bool by the range', () => {
    expect(valueQuality({ dataType: 'bool', range: [0, 1] }, true)).toBe('Good');
  });

  it('combines with what the device said', () => {
    const eu = 'Uncertain_EngineeringUnitsExceeded' as const;
    expect(withValueQuality('Good', 'Good')).toBe('Good');
    expect(withValueQuality('Good', eu)).toBe(eu);
    expect(withValueQuality('Good_LocalOverride', eu)).toBe(eu);
    expect(withValueQuality('Uncertain_SensorNotAccurate', eu)).toBe('Uncertain_SensorNotAccurate');
    expect(withValueQuality('Uncertain_SensorNotAccurate', 'Bad_SensorFailure')).toBe(
      'Bad_SensorFailure',
    );
    expect(withValueQuality('Bad_DeviceFailure', eu)).toBe('Bad_DeviceFailure');
  });

  it('clamps only when asked, to the nearer end', () => {
    expect(clampToRange(ft, 8.8e32)).toBe(210);
    expect(clampToRange(ft, -11)).toBe(-10);
    expect(clampToRange(ft, 42)).toBe(42);
    expect(clampToRange({ dataType: 'bool', range: [0, 1] }, true)).toBe(true);
  });
});

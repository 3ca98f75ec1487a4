import { describe, expect, it } from 'vitest';
import { modbusTag } from '../modbus/modbus-plc.fixture.js';
import { DriverStats } from './stats.js';
import { tagPoint } from './tag-point.js';
import { shortNumber, ValueWatch } from './value-watch.js';

function watch() {
  let now = 0;
  const lines: string[] = [];
  const stats = new DriverStats();
  const w = new ValueWatch({
    plcId: 'PLC-900',
    logger: { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) },
    stats,
    hint: () => 'check word order or scaling',
    now: () => now,
    repeatMs: 600_000,
  });
  return { w, lines, stats, advance: (ms: number) => (now += ms) };
}

const ft = tagPoint(modbusTag('FT-101', 'holding', 0, 'float32', { range: [-10, 210] }), undefined);

describe('ValueWatch', () => {
  it('logs a tag going out of range once, with the value and the likely cause', () => {
    const { w, lines, stats } = watch();
    for (let i = 0; i < 100; i++)
      expect(w.judge(ft, 8.8e32)).toBe('Uncertain_EngineeringUnitsExceeded');
    expect(lines).toEqual([
      'warn PLC-900: FT-101 read 8.8e+32 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check word order or scaling',
    ]);
    expect(stats.raw.valuesOutOfRange).toBe(100);
  });

  it('logs a flapping tag again only after the repeat time', () => {
    const { w, lines, advance } = watch();
    for (let i = 0; i < 50; i++) {
      w.judge(ft, 300);
      w.judge(ft, 20);
      advance(1000);
    }
    expect(lines).toHaveLength(2); // out, back in
    advance(600_000);
    w.judge(ft, 300);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^warn PLC-900: FT-101 read 300 outside/);
  });

  it('leaves a quality the device gave alone, and does not count it', () => {
    const { w, lines, stats } = watch();
    expect(w.judge(ft, 300, 'Uncertain_SensorNotAccurate')).toBe('Uncertain_SensorNotAccurate');
    expect(w.judge(ft, 20, 'Good_LocalOverride')).toBe('Good_LocalOverride');
    expect(stats.raw.valuesOutOfRange).toBe(0);
    expect(lines).toEqual([]);
  });

  it('counts and logs raw data that does not decode', () => {
    const { w, lines, stats } = watch();
    expect(w.refuse(ft, 'Bad_ConfigurationError', 'is a String, not a float32')).toBe(
      'Bad_ConfigurationError',
    );
    expect(stats.raw.valuesBad).toBe(1);
    expect(lines).toEqual([
      'warn PLC-900: FT-101 is a String, not a float32 (Bad_ConfigurationError): check word order or scaling',
    ]);
  });

  it('writes numbers short', () => {
    expect([8.8e32, 123.456, -0.0123456, 210, Number.NaN].map(shortNumber)).toEqual([
      '8.8e+32',
      '123.5',
      '-0.01235',
      '210',
      'NaN',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatPlantTime, parseDurationS } from './duration.js';

describe('plant-time durations', () => {
  it('reads seconds and text with units', () => {
    expect(parseDurationS(90)).toBe(90);
    expect(parseDurationS('90s')).toBe(90);
    expect(parseDurationS('10m')).toBe(600);
    expect(parseDurationS('1h30m')).toBe(5400);
    expect(parseDurationS('1h 30m 15s')).toBe(5415);
    expect(parseDurationS('2d')).toBe(172_800);
    expect(parseDurationS('1.5h')).toBe(5400);
    expect(parseDurationS('500ms')).toBe(0.5);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 'ten minutes', '10', '10 x', '-5m', 'm', -1, Number.NaN, null, true])
      expect(parseDurationS(bad), String(bad)).toBeNull();
  });

  it('formats plant times for people', () => {
    expect(formatPlantTime(45.25)).toBe('45.3s');
    expect(formatPlantTime(605)).toBe('10m 05s');
    expect(formatPlantTime(3 * 3600 + 61)).toBe('3h 01m 01s');
    expect(formatPlantTime(86_400 + 7200)).toBe('1d 2h 00m 00s');
  });
});

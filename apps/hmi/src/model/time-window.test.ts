import { describe, expect, it } from 'vitest';
import {
  DAY,
  HOUR,
  MINUTE,
  formatDuration,
  formatTime,
  fromInputValue,
  toInputValue,
  toMs,
} from './time.js';
import {
  maxPointsFor,
  pan,
  presetMs,
  resolveWindow,
  shiftMs,
  zoomOut,
  zoomTo,
} from './time-window.js';

const NOW = Date.UTC(2025, 5, 1, 12);

describe('time windows', () => {
  it('resolves presets against now and keeps absolute windows', () => {
    expect(resolveWindow({ kind: 'preset', preset: '10m', live: true }, NOW)).toEqual({
      from: NOW - 10 * MINUTE,
      to: NOW,
    });
    expect(resolveWindow({ kind: 'preset', preset: '30d', live: false }, NOW).from).toBe(
      NOW - 30 * DAY,
    );
    expect(resolveWindow({ kind: 'absolute', from: 1, to: 2 }, NOW)).toEqual({ from: 1, to: 2 });
    expect(presetMs('8h')).toBe(8 * HOUR);
    expect(shiftMs('7d')).toBe(7 * DAY);
  });

  it('pans by a fraction of the span and stops following', () => {
    expect(pan({ kind: 'preset', preset: '1h', live: true }, -0.5, NOW)).toEqual({
      kind: 'absolute',
      from: NOW - 1.5 * HOUR,
      to: NOW - 0.5 * HOUR,
    });
  });

  it('zooms to a brushed range in either order, never below the minimum span', () => {
    expect(zoomTo(200_000, 100_000)).toEqual({ kind: 'absolute', from: 100_000, to: 200_000 });
    expect(zoomTo(1_000, 1_001, 10_000)).toEqual({ kind: 'absolute', from: -3_999, to: 6_001 });
    expect(zoomOut({ kind: 'absolute', from: 100, to: 200 }, 2, NOW)).toEqual({
      kind: 'absolute',
      from: 50,
      to: 250,
    });
  });

  it('asks for about one point per pixel', () => {
    expect(maxPointsFor(1200)).toBe(1200);
    expect(maxPointsFor(10)).toBe(50);
    expect(maxPointsFor(9999)).toBe(2000);
  });
});

describe('time formatting', () => {
  it('formats durations and UTC times', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * MINUTE)).toBe('12 min');
    expect(formatDuration(3 * HOUR + 20 * MINUTE)).toBe('3 h 20 min');
    expect(formatDuration(2 * DAY + 4 * HOUR)).toBe('2 d 4 h');
    expect(formatTime(NOW)).toBe('2025-06-01 12:00:00');
    expect(formatTime(NOW, false)).toBe('12:00:00');
    expect(fromInputValue(toInputValue(NOW))).toBe(NOW);
    expect(toMs('2025-06-01T12:00:00Z')).toBe(NOW);
    expect(toMs(null)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { alarm } from './alarm.fixture.js';
import { beepPeriodMs, hornSounding, silence, soundKey } from './annunciator.js';

describe('the horn', () => {
  const a = alarm('FT-901.H', { priority: 'high', eventId: 7 });
  const b = alarm('AI-702.H', { priority: 'low', eventId: 8 });

  it('sounds for an unacknowledged alarm until silenced', () => {
    expect(hornSounding([a], new Set())).toBe(true);
    const quiet = silence([a]);
    expect(hornSounding([a], quiet)).toBe(false);
  });

  it('sounds again for a new alarm or a re-alarm after silencing', () => {
    const quiet = silence([a]);
    expect(hornSounding([a, b], quiet)).toBe(true);
    const again = { ...a, eventId: 9 };
    expect(soundKey(again)).not.toBe(soundKey(a));
    expect(hornSounding([again], quiet)).toBe(true);
  });

  it('stops when the alarm is acknowledged, shelved or gone', () => {
    expect(hornSounding([{ ...a, acked: true, state: 'Ack-Active' }], new Set())).toBe(false);
    expect(hornSounding([{ ...a, state: 'Shelved', annunciated: false }], new Set())).toBe(false);
    expect(hornSounding([], new Set())).toBe(false);
  });

  it('beeps faster for critical and high alarms', () => {
    expect(beepPeriodMs([a], new Set())).toBe(1500);
    expect(beepPeriodMs([b], new Set())).toBe(4000);
    expect(beepPeriodMs([b], silence([b]))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  atEnd,
  createReplayClock,
  cursorAt,
  pause,
  play,
  progress,
  scrub,
  setSpeed,
  step,
  stepFor,
} from './replay-clock.js';

const FROM = 1_000_000;
const TO = FROM + 3_600_000; // one hour of plant time

describe('replay clock', () => {
  it('stands still until played, then runs at speed x wall time', () => {
    let c = createReplayClock(FROM, TO, 0, 60);
    expect(cursorAt(c, 10_000)).toBe(FROM);
    c = play(c, 10_000);
    expect(cursorAt(c, 11_000)).toBe(FROM + 60_000);
    expect(progress(c, 11_000)).toBeCloseTo(60 / 3600);
  });

  it('pauses where it is and resumes from there', () => {
    let c = play(createReplayClock(FROM, TO, 0, 10), 0);
    c = pause(c, 2_000);
    expect(cursorAt(c, 50_000)).toBe(FROM + 20_000);
    c = play(c, 50_000);
    expect(cursorAt(c, 51_000)).toBe(FROM + 30_000);
  });

  it('changes speed without a jump', () => {
    let c = play(createReplayClock(FROM, TO, 0, 1), 0);
    c = setSpeed(c, 600, 5_000);
    expect(cursorAt(c, 5_000)).toBe(FROM + 5_000);
    expect(cursorAt(c, 6_000)).toBe(FROM + 5_000 + 600_000);
    expect(() => setSpeed(c, 0, 0)).toThrow();
  });

  it('clamps at the end of the window and restarts from the beginning when played again', () => {
    let c = play(createReplayClock(FROM, TO, 0, 600), 0);
    expect(cursorAt(c, 10_000)).toBe(TO);
    expect(atEnd(c, 10_000)).toBe(true);
    c = pause(c, 10_000);
    c = play(c, 20_000);
    expect(cursorAt(c, 20_000)).toBe(FROM);
  });

  it('scrubs (clamped) and keeps playing from the new place', () => {
    let c = play(createReplayClock(FROM, TO, 0, 2), 0);
    c = scrub(c, FROM + 1_800_000, 1_000);
    expect(cursorAt(c, 2_000)).toBe(FROM + 1_802_000);
    expect(cursorAt(scrub(c, TO + 99, 0), 0)).toBe(TO);
    expect(cursorAt(scrub(c, FROM - 99, 0), 0)).toBe(FROM);
  });

  it('steps forward and back and pauses', () => {
    let c = play(createReplayClock(FROM, TO, 0, 60), 0);
    c = step(c, stepFor(60), 1_000);
    expect(c.playing).toBe(false);
    expect(cursorAt(c, 99_000)).toBe(FROM + 60_000 + 60_000);
    c = step(c, -10 * stepFor(60), 99_000);
    expect(cursorAt(c, 99_000)).toBe(FROM);
    expect(stepFor(1)).toBe(1000);
  });

  it('refuses an empty window', () => {
    expect(() => createReplayClock(5, 5, 0)).toThrow();
  });
});

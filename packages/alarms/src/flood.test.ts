// Flood detection on the fixture journal (requirement 1.14), with answers worked out by hand.
import { describe, expect, it } from 'vitest';
import { floodReport, floodStatus } from './flood.js';
import { at, fixtureJournal, FROM, TO } from './kpi.fixture.js';
import { maxInWindow, spansAbove } from './windows.js';

const journal = fixtureJournal();

describe('sliding windows', () => {
  it('maxInWindow counts half-open or inclusive windows', () => {
    expect(maxInWindow([0, 30, 60], 60)).toBe(2);
    expect(maxInWindow([0, 30, 60], 60, true)).toBe(3);
    expect(maxInWindow([], 60)).toBe(0);
  });

  it('spansAbove follows each stamp for one window and clips to the period', () => {
    // counts: [0,10):1 [10,20):2 [20,100):3 [100,110):2 [110,120):1
    expect(spansAbove([0, 10, 20], 100, 2, 0, 1000)).toEqual([{ start: 20, end: 100, peak: 3 }]);
    expect(spansAbove([0, 10, 20], 100, 1, 15, 50)).toEqual([{ start: 15, end: 50, peak: 3 }]);
    expect(spansAbove([0, 10, 20], 100, 3, 0, 1000)).toEqual([]);
  });
});

describe('flood (more than 10 annunciated alarms in 10 minutes)', () => {
  it('the fixture floods from 10:05:00 (12 alarms, then 13) until 10:11:00, 6 minutes of 24 h', () => {
    const r = floodReport(journal, FROM, TO).all!;
    expect(r.floods).toEqual([{ start: at(10, 5), end: at(10, 11), peak: 13 }]);
    expect(r.timeInFloodMs).toBe(6 * 60_000);
    expect(r.pctTimeInFlood).toBeCloseTo((100 * 6) / (24 * 60), 12);
    expect(r.annunciations).toBe(45);
    expect(r.peakInWindow).toBe(13);
  });

  it('is counted per operator position', () => {
    const r = floodReport(journal, FROM, TO, {
      positionOf: (e) => (e.alarmId.startsWith('F') ? 'zld' : 'wet'),
    });
    // zld alone: the 11th alarm at 10:05:00, the 12th at 10:05:30; the first expires at 10:10:00 (11 left),
    // the second at 10:10:30 (10 left).
    expect(r.zld?.floods).toEqual([{ start: at(10, 5), end: at(10, 10, 30), peak: 12 }]);
    expect(r.wet?.floods).toEqual([]);
    expect(r.wet?.pctTimeInFlood).toBe(0);
  });

  it('a period that starts inside a flood counts the alarms just before it', () => {
    const r = floodReport(journal, at(10, 8), at(10, 20)).all!;
    expect(r.floods).toEqual([{ start: at(10, 8), end: at(10, 11), peak: 13 }]);
    expect(r.pctTimeInFlood).toBeCloseTo(25, 12);
  });

  it('reports the live state for a banner', () => {
    expect(floodStatus(journal, at(10, 6))).toEqual({ all: { count: 13, inFlood: true } });
    // (10:02:00, 10:12:00]: F06-F12 and B01 at 10:05
    expect(floodStatus(journal, at(10, 12))).toEqual({ all: { count: 8, inFlood: false } });
  });
});

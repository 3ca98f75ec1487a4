import { describe, expect, it } from 'vitest';
import { BinRing } from './bin-ring.js';
import { Channel } from './channel.js';
import { sample } from './series.fixture.js';
import { sumWindow } from './window-sums.js';

const ring = () => new BinRing(10_000, 32, 2);
const at = (s: number) => s * 1000;

describe('Channel (trapezoidal integration into bins)', () => {
  it('integrates a ramp exactly across bin edges with irregular sample times', () => {
    const r = ring();
    const ch = new Channel(0, ['FT-001']);
    ch.start(0);
    // v(t) = t (seconds), sampled at uneven times: the straight lines are exact.
    for (const t of [0, 3, 4.5, 11, 19.2, 20, 27]) ch.sample(r, sample('FT-001', t, at(t)), at(t));
    ch.advanceTo(r, at(20));
    const s = sumWindow(r, 0, 1, 1);
    // Between the centres of bins 0 and 1 (5 s to 15 s): integral of t dt = (15^2 - 5^2) / 2.
    expect(s.flow[0]).toBeCloseTo(100, 9);
    expect(s.bad[0]).toBe(0);
    // Bin means are the values at the bin centres for a straight line.
    expect(s.start[0]).toBeCloseTo(5, 9);
    expect(s.end[0]).toBeCloseTo(15, 9);
  });

  it('holds the last value to a bin edge when the bin must close before the next sample', () => {
    const r = ring();
    const ch = new Channel(0, ['FT-001']);
    ch.start(0);
    ch.sample(r, sample('FT-001', 6, 0), 0);
    ch.advanceTo(r, at(10)); // bin 0 closed with the value held
    ch.sample(r, sample('FT-001', 12, at(20)), at(20)); // a straight line from (10 s, 6) to (20 s, 12)
    const s = sumWindow(r, 0, 1, 0);
    expect(s.flow[0]).toBeCloseTo(60 + 90, 9);
  });

  it('substitutes the last usable value while Bad, counting the time as bad', () => {
    const r = ring();
    const ch = new Channel(0, ['FT-001']);
    ch.start(0);
    ch.sample(r, sample('FT-001', 4, 0), 0);
    ch.sample(r, sample('FT-001', null, at(5), 'Bad_CommunicationError'), at(5));
    expect(ch.quality).toBe('Bad_CommunicationError');
    expect(ch.value).toBe(4);
    ch.sample(r, sample('FT-001', 8, at(15)), at(15));
    ch.advanceTo(r, at(20));
    const s = sumWindow(r, 0, 1, 0);
    // 0-5 s: 4 (good); 5-15 s: 4 held (bad); 15-20 s: 8.
    expect(s.flow[0]).toBeCloseTo(20 + 40 + 40, 9);
    expect(s.bad[0]).toBeCloseTo(10, 9);
    expect(ch.quality).toBe('Good');
  });

  it('counts Uncertain stretches and treats a channel with no value yet as missing', () => {
    const r = ring();
    const ch = new Channel(0, ['LT-101']);
    ch.start(0);
    ch.sample(r, sample('LT-101', 50, at(4), 'Uncertain_SensorNotAccurate'), at(4));
    ch.sample(r, sample('LT-101', 50, at(8)), at(8));
    ch.advanceTo(r, at(10));
    const s = sumWindow(r, 0, 0, 1);
    expect(s.bad[0]).toBeCloseTo(4, 9);
    expect(s.uncertain[0]).toBeCloseTo(4, 9);
    // The mean covers only the time with a value.
    expect(s.start[0]).toBeCloseTo(50, 9);
  });

  it('multiplies a tag by its percentage tag and samples the product when either changes', () => {
    const r = ring();
    const ch = new Channel(1, ['WT-612', 'AI-613']);
    ch.start(0);
    ch.sample(r, sample('WT-612', 2, 0), 0);
    expect(ch.value).toBeUndefined(); // no percentage yet
    ch.sample(r, sample('AI-613', 5, 0), 0);
    expect(ch.value).toBeCloseTo(0.1, 12);
    ch.sample(r, sample('AI-613', 10, at(10)), at(10));
    ch.advanceTo(r, at(20));
    const s = sumWindow(r, 0, 1, 0);
    // 0-10 s: 0.1 -> 0.2 as a straight line (1.5), 10-20 s: 0.2 held (2).
    expect(s.flow[1]).toBeCloseTo(1.5 + 2, 9);
    ch.sample(r, sample('AI-613', null, at(25), 'Bad_SensorFailure'), at(25));
    expect(ch.quality).toBe('Bad_SensorFailure');
  });

  it('only updates the value for a sample older than its time line', () => {
    const r = ring();
    const ch = new Channel(0, ['FT-001']);
    ch.start(0);
    ch.sample(r, sample('FT-001', 1, 0), 0);
    ch.advanceTo(r, at(10));
    ch.sample(r, sample('FT-001', 3, at(7)), at(7)); // late: bin 0 is already closed
    ch.advanceTo(r, at(20));
    const s = sumWindow(r, 0, 1, 0);
    expect(s.flow[0]).toBeCloseTo(10 + 30, 9);
  });
});

describe('BinRing', () => {
  it('reuses a slot for a later bin and forgets the old one', () => {
    const r = new BinRing(1000, 4, 1);
    r.addSegment(0, 0, 1000, 2, 2, 0);
    expect(r.offset(0)).toBe(0);
    r.addSegment(0, 4000, 5000, 3, 3, 0);
    expect(r.offset(0)).toBe(-1);
    expect(r.integral[r.offset(4)]).toBeCloseTo(3, 12);
  });
});

import { describe, it, expect } from 'vitest';
import type { CstrState } from './cstr.js';
import { cstrStep } from './cstr.js';
import { closes } from './ledger.js';
import { streamOf } from './liquid.js';
import { neutralise } from './reactions.js';

describe('constant-holdup vessel', () => {
  it('keeps its water, mixes, and passes the flow through', () => {
    let s: CstrState = { water: 10, solutes: { NaCl: 0 } };
    const feed = streamOf(20, { NaCl: 0.1 });
    let out = cstrStep(s, { inflows: { feed } }, 1).out;
    for (let t = 0; t < 10 * 3600; t += 5) {
      const r = cstrStep(s, { inflows: { feed } }, 5);
      expect(r.state.water).toBeCloseTo(10, 12);
      expect(closes(r.water, s.water)).toBe(true);
      s = r.state;
      out = r.out;
    }
    expect(out.water).toBeCloseTo(feed.water, 9);
    expect((out.solutes['NaCl'] ?? 0) / out.water).toBeCloseTo(0.1, 6);
  });

  it('books reaction water and open-surface evaporation', () => {
    const s = { water: 10, solutes: { HCl: 0.036461 } };
    const base = { water: 1, solutes: { NaOH: 0.039997 } };
    const r = cstrStep(s, { inflows: { base }, reaction: neutralise, ventKgH: 0.5 }, 3600);
    expect(r.water.reaction).toBeCloseTo(0.018015, 9);
    expect(r.water.vent).toBeCloseTo(0.5, 9);
    expect(r.out.water).toBeCloseTo(1 + 0.018015 - 0.5, 9);
    expect(closes(r.water, 10)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { alarmDef, Harness, T0 } from './alarm-def.fixture.js';
import type { AlarmInput } from './reading.js';
import { readRate } from './rate.js';
import { initialAlarmState } from './state.js';

const ID = 'LIC-402.ROC';
const def = alarmDef({ id: ID, type: 'ROC', limit: 0.5, deadband: 0, onDelayS: 0, offDelayS: 0 });

describe('rate-of-change alarms (units per minute over a sliding window)', () => {
  it('is unknown until the samples span half the window, then measures |Δ| per minute', () => {
    let st = initialAlarmState(ID);
    const at = (t: number, v: number) => {
      const r = readRate(
        def,
        new Map<string, AlarmInput>([['LIC-402', { value: v, quality: 'Good' }]]),
        st,
        T0 + t,
        {
          windowS: 60,
        },
      );
      st = { ...st, samples: r.samples, condition: r.truth };
      return r;
    };
    expect(at(0, 50).rate).toBeNull();
    expect(at(20_000, 50.2).rate).toBeNull();
    const r = at(30_000, 50.3);
    expect(r.rate).toBeCloseTo(0.6, 6);
    expect(r.truth).toBe(true);
    // 0.465/min is under the limit but not below 0.5 - 10 %: still in the region (hysteresis)
    expect(at(40_000, 50.31)).toMatchObject({ truth: true, rate: expect.closeTo(0.465, 6) });
    expect(at(60_000, 50.3)).toMatchObject({ truth: false, rate: expect.closeTo(0.3, 6) });
    // the first sample (t=0) has left the window; the rate is now from t=20 s
    expect(at(80_000, 50.3).rate).toBeCloseTo(0.1, 6);
  });

  it('keeps at most about one sample per window/60 however often it is evaluated', () => {
    let st = initialAlarmState(ID);
    for (let t = 0; t <= 120_000; t += 100) {
      const r = readRate(
        def,
        new Map([['LIC-402', { value: 50, quality: 'Good' as const }]]),
        st,
        T0 + t,
        {
          windowS: 60,
        },
      );
      st = { ...st, samples: r.samples };
    }
    expect(st.samples.length).toBeLessThanOrEqual(61);
  });

  it('a level rising faster than the limit activates; steady level clears; noise does not', () => {
    const h = new Harness([{ ...def, onDelayS: 10, offDelayS: 10 }], { rocWindowS: 60 });
    let level = 50;
    h.set('LIC-402', level).tick();
    for (let s = 0; s < 120; s++) {
      level += s % 2 === 0 ? 0.05 : -0.05; // noise, no trend
      h.set('LIC-402', level).advance(1);
    }
    expect(h.journal).toEqual([]);
    for (let s = 0; s < 60; s++) {
      level += 1 / 60; // 1 %/min
      h.set('LIC-402', level).advance(1);
    }
    expect(h.state(ID)).toBe('Unack-Active');
    h.advance(90); // level steady again
    expect(h.state(ID)).toBe('RTN-Unack');
    expect(h.journal.map((e) => e.kind)).toEqual(['activate', 'clear']);
  });

  it('a falling level (a leak) alarms too', () => {
    const h = new Harness([def]);
    let level = 50;
    for (let s = 0; s < 90; s++) {
      level -= 0.9 / 60;
      h.set('LIC-402', level).advance(1);
    }
    expect(h.state(ID)).toBe('Unack-Active');
  });
});

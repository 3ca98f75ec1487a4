import { describe, expect, it } from 'vitest';
import { parseHash, withParams, formatHash } from './route.js';
import { DEFAULT_VIEW, decodeTrendView, encodeTrendView, type TrendView } from './trend-url.js';

const roundTrip = (v: TrendView) =>
  decodeTrendView(parseHash(formatHash('trends', encodeTrendView(v))).params);

describe('trend view in the URL', () => {
  it('round-trips a live preset view', () => {
    const v: TrendView = {
      pens: ['FIC-405', 'LIC-402.SP'],
      window: { kind: 'preset', preset: '8h', live: true },
      mode: 'normalised',
      shift: '1d',
    };
    expect(roundTrip(v)).toEqual(v);
  });

  it('round-trips an absolute window to the millisecond', () => {
    const v: TrendView = {
      pens: ['FY-913'],
      window: {
        kind: 'absolute',
        from: Date.UTC(2025, 0, 1),
        to: Date.UTC(2025, 0, 2, 3, 4, 5, 6),
      },
      mode: 'axes',
      shift: null,
    };
    expect(roundTrip(v)).toEqual(v);
  });

  it('writes ISO-8601 UTC times and short parameters', () => {
    const p = encodeTrendView({
      pens: ['A-001'],
      window: { kind: 'absolute', from: 0, to: 1000 },
      mode: 'axes',
      shift: null,
    });
    expect(p).toEqual({
      pens: 'A-001',
      from: '1970-01-01T00:00:00.000Z',
      to: '1970-01-01T00:00:01.000Z',
    });
  });

  it('ignores malformed parts and keeps the rest', () => {
    const q = new URLSearchParams(
      'pens=FIC-405,<script>,fic 405,FIC-405,Pump.Run&span=99y&from=x&to=y&mode=weird&shift=2y',
    );
    // A PLC's own names (`Pump.Run`) are tag names too.
    expect(decodeTrendView(q)).toEqual({ ...DEFAULT_VIEW, pens: ['FIC-405', 'Pump.Run'] });
    expect(decodeTrendView(new URLSearchParams('span=30d&live=0')).window).toEqual({
      kind: 'preset',
      preset: '30d',
      live: false,
    });
    expect(
      decodeTrendView(new URLSearchParams('from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z'))
        .window,
    ).toEqual(DEFAULT_VIEW.window);
  });

  it('caps the number of pens', () => {
    const pens = Array.from({ length: 20 }, (_, i) => `FT-${String(100 + i)}`).join(',');
    expect(decodeTrendView(new URLSearchParams(`pens=${pens}`)).pens).toHaveLength(8);
  });
});

describe('hash routes', () => {
  it('parses paths and parameters, defaulting to the overview', () => {
    expect(parseHash('').path).toBe('overview');
    expect(parseHash('#/').path).toBe('overview');
    const r = parseHash('#/area/zld?fp=LIC-402');
    expect(r.path).toBe('area/zld');
    expect(r.params.get('fp')).toBe('LIC-402');
  });

  it('changes one parameter and removes another', () => {
    const r = parseHash('#/area/zld?fp=LIC-402&x=1');
    expect(withParams(r, { fp: undefined, y: 'b c' })).toBe('#/area/zld?x=1&y=b+c');
    expect(formatHash('alarms')).toBe('#/alarms');
  });
});

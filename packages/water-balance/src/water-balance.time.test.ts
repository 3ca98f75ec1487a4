import { describe, expect, it } from 'vitest';
import { KG_PER_PCT, miniLevels, MINI_FLOWS, miniPlant, nominal } from './mini-plant.fixture.js';
import type { WaterBalanceResult } from './result.js';
import { DAY, H, rng, run, sample, T0, tagsOf, win } from './series.fixture.js';
import { WaterBalance } from './water-balance.js';

describe('WaterBalance: time', () => {
  it('copes with irregular sample times, ramps and a silent gap', () => {
    const wb = new WaterBalance(miniPlant());
    const g = rng(7);
    // FT-001 ramps 8 -> 12 L/h between 2 h and 2 h 55 min; TK-101 takes whatever it adds.
    const a = 2 * H;
    const L = 55 * 60;
    const makeup = (t: number) => 8 + (4 * Math.min(Math.max(t - a, 0), L)) / L;
    const makeupKg = (t: number) => {
      const u = Math.min(Math.max(t - a, 0), L);
      return (8 * t + (2 * u * u) / L + 4 * Math.max(0, t - a - L)) / H;
    };
    const level101 = (t: number) => 40 + (makeupKg(t) + ((6 - 10) * t) / H) / KG_PER_PCT['LT-101'];
    const base = nominal();
    const signal = (name: string, t: number): number | boolean =>
      name === 'FT-001' ? makeup(t) : name === 'LT-101' ? level101(t) : base(t)[name]!;
    const names = [...Object.keys(MINI_FLOWS), 'LT-101', 'LT-102', 'XV-901.CMD'];
    const next = new Map(names.map((n) => [n, 0]));
    const gap = [3 * H, 3 * H + 600]; // nothing arrives (the values do not change meanwhile)
    let last: WaterBalanceResult | undefined;
    for (let i = 0; i <= 220 * 600; i++) {
      const t = i / 10;
      const batch = [];
      for (const n of names) {
        if (t < next.get(n)!) continue;
        next.set(n, t + 0.2 + 1.8 * g.next()); // uneven, and different for every tag
        if (t >= gap[0]! && t < gap[1]!) continue;
        batch.push(sample(n, signal(n, t), T0 + t * 1000));
      }
      wb.ingest(batch);
      if (i % 600 === 0) last = wb.compute(T0 + t * 1000);
    }
    // At 3 h 40 min the 1 h window holds the end of the ramp and the whole gap.
    const h = win(last!, '1h');
    expect(Date.parse(h.from)).toBeLessThan(T0 + (a + L) * 1000);
    expect(Date.parse(h.from)).toBeGreaterThan(T0 + a * 1000);
    expect(h.inKgH).toBeGreaterThan(14.5);
    expect(Math.abs(h.residual.kgH)).toBeLessThan(0.005);
    expect(h.quality).toBe('Good');
    expect(Math.abs(win(last!, '5m').residual.kgH)).toBeLessThan(0.05);
  });

  it('rolls a loss out of each window once the window has passed it', () => {
    const wb = new WaterBalance(miniPlant());
    // 3 kg/h lost between 1 h and 1.5 h: 1.5 kg in all.
    const lost = (t: number) => (3 * Math.max(0, Math.min(t, 1.5 * H) - H)) / H;
    const signals = (t: number) => ({
      ...nominal()(t),
      'LT-101': miniLevels(t)['LT-101']! - lost(t) / KG_PER_PCT['LT-101'],
    });
    const inside = run(wb, { fromS: 0, toS: 2 * H, stepS: 2, signals });
    expect(win(inside, '1h').residual.kg).toBeCloseTo(1.5, 6);
    expect(win(inside, '24h').residual.kg).toBeCloseTo(1.5, 6);
    const past = run(wb, { fromS: 2 * H, toS: 3 * H, stepS: 2, signals });
    expect(win(past, '1h').residual.kg).toBeCloseTo(0, 6);
    expect(win(past, '5m').residual.kg).toBeCloseTo(0, 6);
    expect(win(past, '24h').residual.kg).toBeCloseTo(1.5, 6);
    // A day and a half later the ring has been reused and the 24 h window no longer holds the loss.
    const gone = run(wb, { fromS: 3 * H, toS: 1.5 * H + DAY + 300, stepS: 2, signals });
    expect(win(gone, '24h').filled).toBe(true);
    expect(win(gone, '24h').residual.kg).toBeCloseTo(0, 6);
  });

  it('detects with the CUSUM a small step that no window alarms on', () => {
    const wb = new WaterBalance(miniPlant({ cusum: { slackKgH: 0.3, thresholdKg: 3 } }));
    const step = 2 * H;
    const loss = 0.8; // 1.6 % of processed water: under the 2 % limit
    const signals = (t: number) => ({
      ...nominal()(t),
      'LT-101':
        miniLevels(t)['LT-101']! - (loss * Math.max(0, t - step)) / H / KG_PER_PCT['LT-101'],
    });
    const before = run(wb, { fromS: 0, toS: step + 5.5 * H, stepS: 2, signals });
    expect(win(before, '1h').limitState).toBe('normal');
    expect(before.cusum.alarm).toBe(false);
    expect(before.cusum.side).toBe('loss');
    const after = run(wb, { fromS: step + 5.5 * H, toS: step + 6.5 * H, stepS: 2, signals });
    expect(win(after, '1h').limitState).toBe('normal');
    expect(after.cusum).toMatchObject({ alarm: true, side: 'loss' });
    expect(after.cusum.kg).toBeCloseTo((loss - 0.3) * 6.5, 1);
    expect(tagsOf(wb, after)['FY-917']!.value).toBeGreaterThan(3);
    wb.resetCusum();
    expect(wb.compute(T0 + (step + 6.5 * H) * 1000).cusum).toMatchObject({
      kg: 0,
      side: null,
      alarm: false,
    });
  });

  it('survives a silence longer than the ring and clamps far-future timestamps', () => {
    const wb = new WaterBalance(miniPlant());
    run(wb, { fromS: 0, toS: 600, signals: nominal() });
    wb.ingest([sample('FT-001', 10, T0 + 1e12)]); // a wild clock: clamped to 60 s ahead
    const r = wb.compute(T0 + 3 * DAY * 1000);
    for (const w of r.windows) expect(Number.isFinite(w.residual.kg)).toBe(true);
    expect(win(r, '5m').inKgH).toBeCloseTo(14.5, 6);
  });
});

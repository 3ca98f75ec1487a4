import { describe, expect, it } from 'vitest';
import { parsePlant } from '@zld/plant';
import { miniLevels, miniPlant, miniPlantText, nominal } from './mini-plant.fixture.js';
import type { WaterBalanceResult } from './result.js';
import { FULL, H, rng, run, sample, T0, tagsOf, win } from './series.fixture.js';
import { WaterBalance } from './water-balance.js';

describe('WaterBalance: closure', () => {
  it('closes a balanced plant to ~0 residual in every window, with Good quality', () => {
    const wb = new WaterBalance(miniPlant());
    const r = run(wb, { fromS: 0, toS: FULL, stepS: 2, signals: nominal() });
    for (const w of r.windows) {
      expect(w.filled, w.id).toBe(true);
      expect(w.spanS).toBe(w.seconds);
      expect(w.inKgH).toBeCloseTo(14.5, 9);
      expect(w.outKgH).toBeCloseTo(3.7, 9);
      expect(w.inventory.changeKgH).toBeCloseTo(10.8, 6);
      expect(Math.abs(w.residual.kgH), w.id).toBeLessThan(1e-6);
      expect(w.quality).toBe('Good');
      expect(w.questionable).toBe(false);
    }
    expect(win(r, '1h').limitState).toBe('normal');
    expect(win(r, '24h').limitState).toBe('normal');
    expect(r.quality).toBe('Good');
    expect(r.condensateRecovery).toMatchObject({ limitState: 'normal', quality: 'Good' });
    expect(r.condensateRecovery.pct).toBeCloseTo(100, 9); // 40 / (0.8 x 50)
    expect(r.discharge).toMatchObject({ state: 'none', kgH: 0, quality: 'Good' });
    const t = tagsOf(wb, r);
    expect(Object.keys(t)).toEqual([
      'FY-910',
      'FY-911',
      'FY-912',
      'FY-913',
      'FY-914',
      'FY-915',
      'FY-916',
      'FY-917',
    ]);
    expect(t['FY-910']!.value).toBeCloseTo(14.5, 9);
    expect(t['FY-911']!.value).toBeCloseTo(3.7, 9);
    expect(t['FY-912']!.value).toBeCloseTo(10.8, 6);
    expect(t['FY-913']!.value).toBeCloseTo(0, 6);
    expect(t['FY-914']!.value).toBeCloseTo(0, 6);
    expect(t['FY-916']!.value).toBeCloseTo(100, 9);
    expect(t['FY-917']).toEqual({ name: 'FY-917', value: 0, quality: 'Good' });
    for (const x of Object.values(t)) expect(x.quality, x.name).toBe('Good');
  });

  it('reports a constant hidden loss of X kg/h as r = X, normalised by processed (1 h) and boundary inflow (24 h)', () => {
    const wb = new WaterBalance(miniPlant());
    const X = 1.5;
    const r = run(wb, { fromS: 0, toS: FULL, stepS: 2, signals: nominal(6 - X) });
    for (const w of r.windows) expect(w.residual.kgH, w.id).toBeCloseTo(X, 6);
    const h = win(r, '1h');
    expect(h.normaliserKgH).toBeCloseTo(50, 9);
    expect(h.closurePct).toBeCloseTo((100 * X) / 50, 6);
    expect(h.limitState).toBe('H');
    const d = win(r, '24h');
    expect(d.normaliserKgH).toBeCloseTo(14, 9); // make-up 10 + acid water 4; reaction water is not boundary inflow
    expect(d.closurePct).toBeCloseTo((100 * X) / 14, 6);
    expect(d.limitState).toBe('HH');
    expect(r.cusum).toMatchObject({ side: 'loss', alarm: true, quality: 'Good' });
    expect(tagsOf(wb, r)['FY-914']!.value).toBeCloseTo(3, 6);
  });

  it('reports an unmetered inflow as a negative residual (a gain)', () => {
    const wb = new WaterBalance(miniPlant());
    const r = run(wb, { fromS: 0, toS: FULL, stepS: 2, signals: nominal(6 + 2) });
    expect(win(r, '5m').residual.kgH).toBeCloseTo(-2, 6);
    expect(win(r, '1h').closurePct).toBeCloseTo(-4, 6);
    expect(win(r, '1h').limitState).toBe('L');
    expect(win(r, '24h').limitState).toBe('LL');
    expect(r.cusum.side).toBe('gain');
    expect(r.cusum.kg).toBeLessThan(-3);
  });

  it('keeps level noise within the propagated uncertainty, and raises no alarm from it', () => {
    const wb = new WaterBalance(miniPlant());
    const g = rng(42);
    const residuals: number[] = [];
    let sigma = 0;
    let levelSigma = 0;
    run(wb, {
      fromS: 0,
      toS: 13 * H,
      signals: (tS) => {
        const lv = miniLevels(tS);
        return {
          ...nominal()(tS),
          'LT-101': lv['LT-101']! + 0.1 * g.gauss(),
          'LT-102': lv['LT-102']! + 0.1 * g.gauss(),
        };
      },
      computeEveryS: 300,
      onResult: (r, tS) => {
        if (tS < H + 120) return;
        const h = win(r, '1h');
        residuals.push(h.residual.kg);
        sigma = h.residual.sigmaKg;
        levelSigma = h.inventory.sigmaKg;
        expect(h.limitState).toBe('normal');
        expect(r.cusum.alarm).toBe(false);
      },
    });
    expect(residuals.length).toBeGreaterThan(100);
    for (const x of residuals) expect(Math.abs(x)).toBeLessThan(3 * sigma);
    const rms = Math.sqrt(residuals.reduce((a, x) => a + x * x, 0) / residuals.length);
    // White noise averaged over each 60 s endpoint: about 0.25 kg; the propagated inventory sigma
    // counts at most one independent reading per 2 s, so it is the larger.
    expect(rms).toBeLessThan(levelSigma);
    expect(rms).toBeGreaterThan(0.5 * levelSigma);
  });
});

describe('WaterBalance: filling windows', () => {
  it('reports no closure (and no limit state) until a window has filled', () => {
    const wb = new WaterBalance(miniPlant());
    const empty = wb.compute(T0);
    expect(empty.windows.every((w) => !w.filled && w.spanS === 0 && w.closurePct === null)).toBe(
      true,
    );

    const r = run(wb, { fromS: 0, toS: 30 * 60, signals: nominal(6 - 1.5) });
    expect(win(r, '5m').filled).toBe(true);
    const h = win(r, '1h');
    expect(h.filled).toBe(false);
    expect(h.fillPct).toBeGreaterThan(40);
    expect(h.fillPct).toBeLessThan(55);
    expect(h.closurePct).toBeNull();
    expect(h.limitState).toBeNull();
    expect(h.quality).toBe('Uncertain_SubNormal');
    expect(h.questionable).toBe(true);
    expect(h.residual.kgH).toBeCloseTo(1.5, 6); // the partial window is still a valid rate
    expect(r.issues).toContain('1h filling 48%');
    const t = tagsOf(wb, r);
    expect(t['FY-914']).toEqual({ name: 'FY-914', value: null, quality: 'Uncertain_SubNormal' });
    expect(t['FY-916']!.value).toBeNull();
    expect(t['FY-910']!.value).toBeCloseTo(14.5, 9);
    expect(t['FY-910']!.quality).toBe('Uncertain_SubNormal');

    const later = run(wb, { fromS: 30 * 60, toS: H + 120, signals: nominal(6 - 1.5) });
    expect(win(later, '1h')).toMatchObject({ filled: true, limitState: 'H', quality: 'Good' });
    expect(tagsOf(wb, later)['FY-914']!.value).toBeCloseTo(3, 6);
  });
});

describe('WaterBalance: what the gateway needs', () => {
  it('answers update(values, now) like ingest then compute', () => {
    const a = new WaterBalance(miniPlant());
    const b = new WaterBalance(miniPlant());
    let ra: WaterBalanceResult | undefined;
    let rb: WaterBalanceResult | undefined;
    for (let t = 0; t <= 900; t += 5) {
      const ts = T0 + t * 1000;
      const batch = Object.entries(nominal()(t)).map(([n, v]) => sample(n, v, ts));
      ra = a.update(batch, ts);
      b.ingest(batch);
      rb = b.compute(ts);
    }
    expect(ra).toEqual(rb);
    expect(win(ra!, '5m').residual.kgH).toBeCloseTo(0, 6);
  });

  it('a level tag whose unit it cannot turn into a height is refused by the loader', () => {
    const text = miniPlantText().replace('"unit":"%"', '"unit":"L"');
    expect(() => parsePlant(text)).toThrow(
      /level tag "LT-101" is in "L"; the balance reads %, m, mm/,
    );
  });

  it('is not made for a plant without a balance', () => {
    const doc = JSON.parse(miniPlantText()) as Record<string, unknown>;
    delete doc.waterBalance;
    expect(() => new WaterBalance(parsePlant(JSON.stringify(doc)))).toThrow(/has no water balance/);
  });

  it('lists its input tags and computed tags', () => {
    const wb = new WaterBalance(miniPlant());
    expect([...wb.inputTags].sort()).toEqual(
      [
        'AI-613',
        'FIC-405',
        'FT-001',
        'FT-003',
        'FT-509',
        'FT-704',
        'FT-901',
        'LT-101',
        'LT-102',
        'WT-612',
        'XV-901.CMD',
      ].sort(),
    );
    expect(wb.computedTagNames).toEqual([
      'FY-910',
      'FY-911',
      'FY-912',
      'FY-913',
      'FY-914',
      'FY-915',
      'FY-916',
      'FY-917',
    ]);
  });
});

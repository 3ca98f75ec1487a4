import { describe, expect, it } from 'vitest';
import { miniPlant, nominal } from './mini-plant.fixture.js';
import { H, run, tagsOf, win } from './series.fixture.js';
import { WaterBalance } from './water-balance.js';

describe('WaterBalance: quality', () => {
  it('makes the balance questionable while a meter is Bad, and never silently Good afterwards', () => {
    const wb = new WaterBalance(miniPlant());
    const badFrom = 2 * H;
    const badTo = 2 * H + 600;
    const quality = (name: string, tS: number) =>
      name === 'FT-003' && tS >= badFrom && tS < badTo
        ? ('Bad_CommunicationError' as const)
        : undefined;
    const during = run(wb, { fromS: 0, toS: badFrom + 300, signals: nominal(), quality });
    for (const w of during.windows) {
      expect(w.quality, w.id).toBe('Bad_CommunicationError');
      expect(w.questionable).toBe(true);
      expect(w.in.find((t) => t.id === 'acid')!.quality).toBe('Bad_CommunicationError');
      expect(w.in.find((t) => t.id === 'makeup')!.quality).toBe('Good');
    }
    // The last usable value stands in, so the numbers stay sensible...
    expect(win(during, '1h').residual.kgH).toBeCloseTo(0, 6);
    expect(during.questionable).toBe(true);
    expect(during.issues).toContain('FT-003 Bad_CommunicationError');
    expect(during.cusum.quality).toBe('Uncertain_LastUsableValue');
    // ...but the alarm-driving tags go out Bad, with no value.
    const t = tagsOf(wb, during);
    expect(t['FY-914']).toEqual({ name: 'FY-914', value: null, quality: 'Bad_CommunicationError' });
    expect(t['FY-910']!.value).toBeNull();
    expect(t['FY-911']!.quality).toBe('Good');

    const after = run(wb, { fromS: badFrom + 300, toS: badTo + 1800, signals: nominal(), quality });
    expect(win(after, '5m').quality).toBe('Good');
    expect(win(after, '1h').quality).toBe('Uncertain_LastUsableValue');
    expect(tagsOf(wb, after)['FY-914']!.quality).toBe('Uncertain_LastUsableValue');
    expect(after.cusum.quality).toBe('Good');

    const clear = run(wb, { fromS: badTo + 1800, toS: badTo + H + 300, signals: nominal() });
    expect(win(clear, '1h').quality).toBe('Good');
    // The bad stretch is still inside 24 h (which is also still filling).
    expect(win(clear, '24h')).toMatchObject({
      filled: false,
      quality: 'Uncertain_LastUsableValue',
    });
    expect(clear.quality).toBe('Uncertain_LastUsableValue');
    expect(clear.issues.some((s) => s.startsWith('FT-003 substituted for 600 s'))).toBe(true);
  });

  it('passes Uncertain input quality on to the terms and the closure', () => {
    const wb = new WaterBalance(miniPlant());
    const r = run(wb, {
      fromS: 0,
      toS: H + 120,
      signals: nominal(),
      quality: (name) => (name === 'LT-102' ? 'Uncertain_EngineeringUnitsExceeded' : undefined),
    });
    const h = win(r, '1h');
    expect(h.inventory.tanks[1]!.quality).toBe('Uncertain_EngineeringUnitsExceeded');
    expect(h.quality).toBe('Uncertain_EngineeringUnitsExceeded');
    expect(tagsOf(wb, r)['FY-914']!.value).toBeCloseTo(0, 6);
  });

  it('marks a product term Bad when its percentage tag is Bad', () => {
    const wb = new WaterBalance(miniPlant());
    const r = run(wb, {
      fromS: 0,
      toS: 600,
      signals: nominal(),
      quality: (name, tS) => (name === 'AI-613' && tS > 400 ? 'Bad_SensorFailure' : undefined),
    });
    expect(win(r, '5m').out.find((t) => t.id === 'salt')!.quality).toBe('Bad_SensorFailure');
  });
});

describe('WaterBalance: discharge', () => {
  it('counts a metered discharge as an outflow and reports the path flowing', () => {
    const wb = new WaterBalance(miniPlant());
    const r = run(wb, {
      fromS: 0,
      toS: H + 120,
      stepS: 2,
      signals: (t) => ({ ...nominal(6 - 0.5)(t), 'FT-901': 0.5 }),
    });
    expect(win(r, '1h').residual.kgH).toBeCloseTo(0, 6);
    expect(win(r, '1h').out.find((t) => t.kind === 'discharge')!.kgH).toBeCloseTo(0.5, 9);
    expect(r.discharge).toMatchObject({ state: 'flowing', quality: 'Good' });
    expect(r.discharge.kgH).toBeCloseTo(0.5, 9);
    expect(r.discharge.paths[0]).toMatchObject({
      id: 'outfall',
      meter: 'FT-901',
      flow: 0.5,
      flowing: true,
    });
  });

  it('reports an open outfall with no flow as open, and a Bad meter as unknown', () => {
    const wb = new WaterBalance(miniPlant());
    const open = run(wb, {
      fromS: 0,
      toS: 60,
      signals: (t) => ({ ...nominal()(t), 'XV-901.CMD': true }),
    });
    expect(open.discharge.state).toBe('open');
    expect(open.discharge.paths[0]!.commandedOpen).toBe(true);
    const bad = run(wb, {
      fromS: 60,
      toS: 120,
      signals: nominal(),
      quality: (n) => (n === 'FT-901' ? 'Bad_DeviceFailure' : undefined),
    });
    expect(bad.discharge).toMatchObject({ state: 'unknown', quality: 'Bad_DeviceFailure' });
  });
});

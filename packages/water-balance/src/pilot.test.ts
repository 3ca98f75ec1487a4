import { loadPlantFile } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { run } from './series.fixture.js';
import { WaterBalance } from './water-balance.js';

/** Tag values that reproduce the nominal steady-state balance of the plant model (docs/plant-model.md, section 5). */
const NOMINAL: Record<string, number | boolean> = {
  'FT-001': 0.5, // make-up 0.5 kg/h
  'FT-003': 3.5 / 0.789, // 3.5 kg/h of water in HCl 32 %
  'FT-004': 1.7 / 0.76, // 1.7 kg/h of water in NaOH 50 %, and about 0.75 kg/h reaction water
  'FIC-302': 0.34 / 0.0378, // oxalic crystal water 0.34 kg/h
  'WT-005': 2.5, // magnet feed; Fe residue moisture 0.8 kg/h
  'WT-306': 1.07 / 0.43, // oxalate cake water 1.07 kg/h
  'WT-612': 2.8,
  'AI-613': 5, // salt cake moisture 0.14 kg/h
  'FT-607': 0.37 / 0.82, // dryer vapour 0.37 kg/h
  'FT-509': 39, // evaporator distillate
  'FT-606': 9.7, // crystallizer distillate; vents 1.5 % of both, about 0.7 kg/h
  'FIC-405': 50, // evaporator feed
  'FT-511': 0.4, // condensate returned to the demister
  'FT-614': 0.6, // condensate washing the salt cake; recovery then about 98.6 %
  'FT-704': 3.7, // surplus condensate exported
  'FT-901': 0,
  'XV-901.CMD': false,
  'ZSC-901': true, // the outfall valve's closed switch
};
const SECTION_5_KG_H: Record<string, number> = {
  makeup: 0.5,
  'hcl-water': 3.5,
  'naoh-water': 1.7,
  'oxalic-crystal-water': 0.34,
  'reaction-water': 0.75,
  'fe-residue': 0.8,
  'oxalate-cake': 1.07,
  'salt-cake': 0.14,
  'dryer-vapour': 0.37,
  vents: 0.7,
  export: 3.7,
  discharge: 0,
};

describe('the pilot plant balance', () => {
  it('closes at the nominal steady state of the plant model', () => {
    const plant = loadPlantFile();
    const wb = new WaterBalance(plant);
    const levels = Object.fromEntries(plant.waterBalance!.inventories.map((i) => [i.levelTag, 50]));
    const values = { ...NOMINAL, ...levels };
    const missing = wb.inputTags.filter((t) => !(t in values));
    expect(missing, 'balance inputs without a nominal value').toEqual([]);

    const r = run(wb, { fromS: 0, toS: 24 * 3600 + 120, stepS: 10, signals: () => values });
    for (const w of r.windows) {
      expect(w.filled, w.id).toBe(true);
      expect(w.quality, w.id).toBe('Good');
      for (const t of [...w.in, ...w.out]) {
        const want = SECTION_5_KG_H[t.id];
        if (want !== undefined)
          expect(Math.abs(t.kgH - want), `${w.id} ${t.id}`).toBeLessThan(0.05);
      }
      expect(w.inKgH).toBeCloseTo(6.8, 1);
      expect(w.outKgH).toBeCloseTo(6.8, 1);
      expect(w.inventory.changeKgH).toBeCloseTo(0, 9);
    }
    const h = r.windows.find((w) => w.id === '1h')!;
    const d = r.windows.find((w) => w.id === '24h')!;
    expect(h.normaliserKgH).toBeCloseTo(0.99 * 50 + 9.7, 9);
    expect(Math.abs(h.closurePct!)).toBeLessThan(0.1);
    expect(Math.abs(d.closurePct!)).toBeLessThan(0.5);
    expect(h.limitState).toBe('normal');
    expect(d.limitState).toBe('normal');
    expect(r.condensateRecovery.limitState).toBe('normal');
    expect(r.condensateRecovery.pct).toBeGreaterThan(98);
    expect(r.condensateRecovery.pct).toBeLessThan(99.5);
    expect(r.cusum.alarm).toBe(false);
    expect(r.discharge.state).toBe('none');
    for (const t of wb.computedTags(r)) {
      expect(t.quality, t.name).toBe('Good');
      expect(t.value, t.name).not.toBeNull();
    }
  });

  it('sees the outfall valve open by its position switch, with no command and no flow', () => {
    const plant = loadPlantFile();
    const wb = new WaterBalance(plant);
    const levels = Object.fromEntries(plant.waterBalance!.inventories.map((i) => [i.levelTag, 50]));
    const closed = run(wb, { fromS: 0, toS: 60, signals: () => ({ ...NOMINAL, ...levels }) });
    expect(closed.discharge.state).toBe('none');
    const opened = run(wb, {
      fromS: 60,
      toS: 120,
      signals: () => ({ ...NOMINAL, ...levels, 'ZSC-901': false }),
    });
    expect(opened.discharge.state).toBe('open');
    expect(opened.discharge.paths[0]).toMatchObject({
      id: 'outfall',
      flowing: false,
      commandedOpen: false,
      positionOpen: true,
    });
  });
});

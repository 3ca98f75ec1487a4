// A small plant for tests: two tanks, a handful of meters and the balance definition around them.
import { parsePlant, type Plant } from '@zld/plant';

export interface MiniOptions {
  cusum?: { slackKgH: number; thresholdKg: number };
}

const analog = (
  name: string,
  unit: string,
  range: [number, number],
  address: number,
  extra: Record<string, unknown> = {},
) => ({
  name,
  description: `${name} test signal`,
  area: 'main',
  unit,
  dataType: 'float32',
  plc: 'PLC-100',
  address: { table: 'holding', address },
  scanClass: 'fast',
  range,
  ...extra,
});

const computed = (name: string, unit: string, range: [number, number]) => ({
  name,
  description: `${name} balance output`,
  area: 'main',
  unit,
  dataType: 'float32',
  computed: true,
  range,
});

/**
 * Nominal: make-up FT-001 10 L/h, acid FT-003 5 L/h (x 0.8), reaction 0.5 kg/h, salt cake
 * WT-612 2 kg/h at AI-613 5 %, vents 1.5 % of FT-509 40 L/h, export FT-704 3 L/h, outfall FT-901 0:
 * 14.5 kg/h in, 3.7 kg/h out, so the tanks gain 10.8 kg/h. TK-101 holds 10 kg per % and TK-102
 * 9 kg per %. Gross water processed is FIC-405; boundary inflow is make-up plus acid water.
 */
export function miniPlantText(o: MiniOptions = {}): string {
  const file = {
    plant: { id: 'mini', name: 'Mini balance plant', version: '1' },
    alarmDefaults: {
      class: 'process',
      approver: 'process engineering',
      rationale: 'test plant',
      responseTimeS: { critical: 60, high: 300, medium: 600, low: 1800 },
    },
    plcs: [
      {
        id: 'PLC-100',
        description: 'Test PLC',
        areas: ['main'],
        clockTag: 'UY-100',
        scanClasses: { fast: { periodMs: 1000 } },
        modbus: { host: '127.0.0.1', port: 5020, unitId: 1 },
      },
    ],
    areas: [{ id: 'main', name: 'Main', display: 'main' }],
    equipment: [
      {
        id: 'TK-101',
        kind: 'tank',
        description: 'Tank one',
        area: 'main',
        areaM2: 1,
        heightM: 1,
        levelTag: 'LT-101',
      },
      {
        id: 'TK-102',
        kind: 'tank',
        description: 'Tank two',
        area: 'main',
        areaM2: 0.5,
        heightM: 2,
        levelTag: 'LT-102',
      },
    ],
    tags: [
      analog('UY-100', 's', [0, 4e9], 0),
      analog('FT-001', 'L/h', [0, 50], 2, { accuracy: 0.005 }),
      analog('FT-003', 'L/h', [0, 20], 4, { accuracy: 0.005 }),
      analog('WT-612', 'kg/h', [0, 10], 6, { accuracy: 0.01 }),
      analog('AI-613', 'wt%', [0, 20], 8),
      analog('FT-509', 'L/h', [0, 100], 10, { accuracy: 0.005 }),
      analog('FIC-405', 'L/h', [0, 100], 12, { accuracy: 0.005 }),
      analog('FT-704', 'L/h', [0, 20], 14, { accuracy: 0.005 }),
      analog('FT-901', 'L/h', [0, 5], 16, {
        accuracy: 0.005,
        alarms: {
          H: { limit: 0.2, priority: 'critical', cause: 'c', consequence: 'q', action: 'a' },
        },
      }),
      analog('LT-101', '%', [0, 100], 18),
      analog('LT-102', '%', [0, 100], 20),
      {
        name: 'XV-901.CMD',
        description: 'Outfall valve open command',
        area: 'main',
        unit: '',
        dataType: 'bool',
        plc: 'PLC-100',
        address: { table: 'coil', address: 0 },
        scanClass: 'fast',
        range: [0, 1],
        writable: true,
        write: { critical: true },
      },
      computed('FY-910', 'kg/h', [0, 50]),
      computed('FY-911', 'kg/h', [0, 50]),
      computed('FY-912', 'kg/h', [-100, 100]),
      computed('FY-913', 'kg/h', [-50, 50]),
      computed('FY-914', '%', [-100, 100]),
      computed('FY-915', '%', [-100, 100]),
      computed('FY-916', '%', [0, 120]),
      computed('FY-917', 'kg', [-1000, 1000]),
    ],
    waterBalance: {
      description: 'Mini balance',
      terms: [
        { id: 'makeup', label: 'Make-up', kind: 'input', sources: [{ tag: 'FT-001', factor: 1 }] },
        {
          id: 'acid',
          label: 'Acid water',
          kind: 'input',
          sources: [{ tag: 'FT-003', factor: 0.8 }],
        },
        {
          id: 'rxn',
          label: 'Reaction water',
          kind: 'reaction',
          constantKgH: 0.5,
          estimate: true,
          uncertainty: 0.1,
        },
        {
          id: 'salt',
          label: 'Salt cake moisture',
          kind: 'solids',
          sources: [{ tag: 'WT-612', factor: 1, percentTag: 'AI-613' }],
        },
        {
          id: 'vents',
          label: 'Vents',
          kind: 'vapour',
          sources: [{ tag: 'FT-509', factor: 0.015 }],
          estimate: true,
          uncertainty: 0.3,
        },
        { id: 'export', label: 'Export', kind: 'export', sources: [{ tag: 'FT-704', factor: 1 }] },
        {
          id: 'discharge',
          label: 'Outfall',
          kind: 'discharge',
          sources: [{ tag: 'FT-901', factor: 1 }],
        },
      ],
      inventories: [
        { tank: 'TK-101', levelTag: 'LT-101', waterKgPerL: 1, levelNoisePct: 0.1 },
        { tank: 'TK-102', levelTag: 'LT-102', waterKgPerL: 0.9, levelNoisePct: 0.1 },
      ],
      processed: [{ tag: 'FIC-405', factor: 1 }],
      windows: [
        { id: '5m', seconds: 300 },
        { id: '1h', seconds: 3600, normaliseBy: 'processed', closurePct: { H: 2, HH: 5 } },
        { id: '24h', seconds: 86400, normaliseBy: 'boundaryIn', closurePct: { H: 5, HH: 10 } },
      ],
      condensateRecovery: {
        distillate: [{ tag: 'FT-509', factor: 1 }],
        evaporated: [{ tag: 'FIC-405', factor: 0.8 }],
        lowPct: 95,
        lowLowPct: 90,
      },
      cusum: o.cusum ?? { slackKgH: 0.3, thresholdKg: 3 },
      computedTags: {
        waterIn: 'FY-910',
        waterOut: 'FY-911',
        inventoryChange: 'FY-912',
        residual: 'FY-913',
        closure1h: 'FY-914',
        closure24h: 'FY-915',
        condensateRecovery: 'FY-916',
        cusum: 'FY-917',
      },
      dischargePaths: [
        {
          id: 'outfall',
          description: 'Outfall to sewer',
          meter: 'FT-901',
          openedBy: [{ tag: 'XV-901.CMD', value: true }],
        },
      ],
    },
  };
  return JSON.stringify(file);
}

export function miniPlant(o: MiniOptions = {}): Plant {
  return parsePlant(miniPlantText(o), { source: 'mini plant' });
}

/** Nominal flows of the mini plant, in each tag's unit. */
export const MINI_FLOWS: Readonly<Record<string, number>> = {
  'FT-001': 10,
  'FT-003': 5,
  'WT-612': 2,
  'AI-613': 5,
  'FT-509': 40,
  'FIC-405': 50,
  'FT-704': 3,
  'FT-901': 0,
};

/** kg of water per % of level. */
export const KG_PER_PCT = { 'LT-101': 10, 'LT-102': 9 } as const;

/** Levels (%) at t seconds when TK-101 gains `gain101` kg/h and TK-102 4.8 kg/h. */
export function miniLevels(tS: number, gain101 = 6): Record<string, number> {
  return {
    'LT-101': 40 + (gain101 * tS) / 3600 / KG_PER_PCT['LT-101'],
    'LT-102': 40 + (4.8 * tS) / 3600 / KG_PER_PCT['LT-102'],
  };
}

/** Nominal signals at t seconds (TK-101 gaining `gain101` kg/h; less than 6 hides a loss). */
export const nominal =
  (gain101 = 6) =>
  (tS: number): Record<string, number | boolean> => ({
    ...MINI_FLOWS,
    ...miniLevels(tS, gain101),
    'XV-901.CMD': false,
  });

// The benchmark's plant: K float32 counter tags spread evenly over P Modbus PLCs on loopback ports.
import { parsePlant, type Plant, type PlantFileInput } from '@zld/plant';

export interface SyntheticPlantSpec {
  tags: number;
  /** One loopback port per PLC. */
  ports: readonly number[];
  periodMs: number;
}

/** Where a tag lives: its PLC (index into `ports`) and its holding register. */
export interface SyntheticTag {
  name: string;
  plc: number;
  address: number;
}

export interface SyntheticPlant {
  plant: Plant;
  /** The plant as JSON text (a YAML document), for the gateway process to load. */
  text: string;
  tags: SyntheticTag[];
}

/** The largest float32 counter a tag carries exactly; also the top of every tag's range. */
export const COUNTER_RANGE = 2 ** 24;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An ISA-5.1 style name for tag i: `TIAA-000` ... `TIZZ-999` (676 000 names). */
export function syntheticTagName(i: number): string {
  const group = Math.floor(i / 1000);
  if (group >= 26 * 26) throw new RangeError(`no synthetic tag name for index ${i}`);
  const letters = `${LETTERS[Math.floor(group / 26)]}${LETTERS[group % 26]}`;
  return `TI${letters}-${String(i % 1000).padStart(3, '0')}`;
}

/** PLC p (0-based) gets tags [first(p), first(p + 1)), at holding registers 0, 2, 4, ... */
function firstTagOf(p: number, tags: number, plcs: number): number {
  return Math.floor((p * tags) / plcs);
}

export function syntheticPlant(spec: SyntheticPlantSpec): SyntheticPlant {
  const plcs = spec.ports.length;
  const tags: SyntheticTag[] = [];
  for (let p = 0; p < plcs; p++) {
    const from = firstTagOf(p, spec.tags, plcs);
    const to = firstTagOf(p + 1, spec.tags, plcs);
    for (let i = from; i < to; i++)
      tags.push({ name: syntheticTagName(i), plc: p, address: 2 * (i - from) });
  }
  const plcId = (p: number) => `PLC-${String(100 + p).padStart(3, '0')}`;
  const first = tags[0]!.name;
  const computed = 'FY-910';
  // The balance is opened with the gateway's services (never started): its tank level must be in %.
  const level = 'LT-101';
  const file: PlantFileInput = {
    plant: { id: 'bench', name: 'Synthetic benchmark plant', version: '1' },
    alarmDefaults: {
      class: 'process',
      approver: 'bench',
      rationale: 'bench',
      responseTimeS: { critical: 60, high: 300, medium: 900, low: 1800 },
    },
    plcs: spec.ports.map((port, p) => ({
      id: plcId(p),
      description: `Counter PLC ${p + 1}`,
      areas: ['bench'],
      clockTag: tags.find((t) => t.plc === p)!.name,
      scanClasses: { fast: { periodMs: spec.periodMs } },
      modbus: { host: '127.0.0.1', port, unitId: 1 },
    })),
    areas: [{ id: 'bench', name: 'Benchmark', display: 'bench' }],
    equipment: [
      { id: 'TK-101', kind: 'tank', area: 'bench', description: 'Tank', areaM2: 1, heightM: 1 },
    ],
    tags: [
      ...tags.map((t, i) => ({
        name: t.name,
        description: 'Benchmark counter',
        area: 'bench',
        unit: '',
        dataType: 'float32' as const,
        plc: plcId(t.plc),
        scanClass: 'fast',
        address: { table: 'holding' as const, address: t.address },
        range: [0, COUNTER_RANGE] as [number, number],
        decimals: 0,
        // The balance's discharge path needs one writable tag; it is never written.
        ...(i === 0 ? { writable: true, write: { min: 0, max: COUNTER_RANGE } } : {}),
      })),
      {
        name: computed,
        description: 'Computed',
        area: 'bench',
        unit: 'kg/h',
        dataType: 'float32',
        computed: true,
        range: [0, 100],
      },
      {
        name: level,
        description: 'Computed tank level (placeholder of the balance)',
        area: 'bench',
        unit: '%',
        dataType: 'float32',
        computed: true,
        range: [0, 100],
      },
    ],
    waterBalance: {
      description: 'placeholder: the benchmark does not run the balance',
      terms: [
        { id: 'in', label: 'In', kind: 'input', sources: [{ tag: first, factor: 1 }] },
        { id: 'out', label: 'Out', kind: 'discharge', sources: [{ tag: first, factor: 1 }] },
      ],
      inventories: [{ tank: 'TK-101', levelTag: level, waterKgPerL: 1 }],
      processed: [{ tag: first, factor: 1 }],
      windows: [{ id: 'w1', seconds: 3600 }],
      condensateRecovery: {
        distillate: [{ tag: first, factor: 1 }],
        evaporated: [{ tag: first, factor: 1 }],
        lowPct: 80,
        lowLowPct: 70,
      },
      cusum: { slackKgH: 1, thresholdKg: 10 },
      computedTags: {
        waterIn: computed,
        waterOut: computed,
        inventoryChange: computed,
        residual: computed,
        closure1h: computed,
        closure24h: computed,
        condensateRecovery: computed,
      },
      dischargePaths: [{ id: 'p1', description: 'Outfall', openedBy: [{ tag: first, value: 1 }] }],
    },
  };
  const text = JSON.stringify(file);
  return { plant: parsePlant(text, { source: 'synthetic benchmark plant' }), text, tags };
}

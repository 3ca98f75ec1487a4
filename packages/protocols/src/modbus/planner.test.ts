import { describe, expect, it } from 'vitest';
import type { DataType, TagDef } from '@zld/plant';
import type { ModbusTable } from './schema.js';
import { modbusPlc, modbusTag } from './modbus-plc.fixture.js';
import { planBlocks, planScanClasses, type PlanLimits } from './planner.js';

const limits: PlanLimits = { maxRegistersPerRead: 125, maxBitsPerRead: 2000, maxGap: 4 };

type Spec = [table: ModbusTable, address: number, dataType: DataType];

function tags(specs: Spec[]): TagDef[] {
  return specs.map(([table, address, dataType], i) =>
    modbusTag(`FT-${String(i + 1).padStart(3, '0')}`, table, address, dataType),
  );
}

/** Blocks as [fc, start, count, item offsets]: easy to read in a table. */
function shape(specs: Spec[], l: Partial<PlanLimits> = {}): [number, number, number, number[]][] {
  return planBlocks(tags(specs), { ...limits, ...l }).map((b) => [
    b.fc,
    b.start,
    b.count,
    b.items.map((i) => i.offset),
  ]);
}

describe('planBlocks', () => {
  const cases: {
    name: string;
    specs: Spec[];
    limits?: Partial<PlanLimits>;
    blocks: ReturnType<typeof shape>;
  }[] = [
    {
      name: 'adjacent registers make one request',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 1, 'uint16'],
        ['holding', 2, 'float32'],
      ],
      blocks: [[3, 0, 4, [0, 1, 2]]],
    },
    {
      name: 'input order does not matter',
      specs: [
        ['holding', 2, 'float32'],
        ['holding', 0, 'int16'],
        ['holding', 1, 'uint16'],
      ],
      blocks: [[3, 0, 4, [0, 1, 2]]],
    },
    {
      name: 'a gap of exactly maxGap is spanned',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 5, 'int16'],
      ],
      blocks: [[3, 0, 6, [0, 5]]],
    },
    {
      name: 'a gap of maxGap + 1 splits',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 6, 'int16'],
      ],
      blocks: [
        [3, 0, 1, [0]],
        [3, 6, 1, [0]],
      ],
    },
    {
      name: 'the gap counts from the end of a multi-register value',
      specs: [
        ['holding', 0, 'float64'],
        ['holding', 8, 'int16'],
      ],
      blocks: [[3, 0, 9, [0, 8]]],
    },
    {
      name: 'maxGap 0 joins only adjacent registers',
      specs: [
        ['input', 0, 'int16'],
        ['input', 1, 'int16'],
        ['input', 3, 'int16'],
      ],
      limits: { maxGap: 0 },
      blocks: [
        [4, 0, 2, [0, 1]],
        [4, 3, 1, [0]],
      ],
    },
    {
      name: '125 registers fit one request, the 126th starts another',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 124, 'int16'],
        ['holding', 125, 'int16'],
      ],
      limits: { maxGap: 125 },
      blocks: [
        [3, 0, 125, [0, 124]],
        [3, 125, 1, [0]],
      ],
    },
    {
      name: 'a float32 that would cross the limit moves whole to the next request',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 124, 'float32'],
      ],
      limits: { maxGap: 125 },
      blocks: [
        [3, 0, 1, [0]],
        [3, 124, 2, [0]],
      ],
    },
    {
      name: 'a float64 is never split under a small limit',
      specs: [
        ['holding', 0, 'int16'],
        ['holding', 1, 'float64'],
        ['holding', 5, 'int16'],
      ],
      limits: { maxRegistersPerRead: 4 },
      blocks: [
        [3, 0, 1, [0]],
        [3, 1, 4, [0]],
        [3, 5, 1, [0]],
      ],
    },
    {
      name: 'each table gets its own function code',
      specs: [
        ['coil', 0, 'bool'],
        ['discrete', 0, 'bool'],
        ['holding', 0, 'int16'],
        ['input', 0, 'int16'],
        ['coil', 1, 'bool'],
        ['input', 1, 'float32'],
      ],
      blocks: [
        [1, 0, 2, [0, 1]],
        [2, 0, 1, [0]],
        [3, 0, 1, [0]],
        [4, 0, 3, [0, 1]],
      ],
    },
    {
      name: 'bits use maxBitsPerRead',
      specs: [
        ['coil', 0, 'bool'],
        ['coil', 7, 'bool'],
        ['coil', 8, 'bool'],
      ],
      limits: { maxBitsPerRead: 8, maxGap: 16 },
      blocks: [
        [1, 0, 8, [0, 7]],
        [1, 8, 1, [0]],
      ],
    },
    {
      name: 'same address in different tables never joins',
      specs: [
        ['holding', 10, 'int16'],
        ['input', 10, 'int16'],
      ],
      blocks: [
        [3, 10, 1, [0]],
        [4, 10, 1, [0]],
      ],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(shape(c.specs, c.limits)).toEqual(c.blocks);
    });
  }

  it('names tags by their position in the input and carries the data type', () => {
    const t = tags([
      ['holding', 4, 'float32'],
      ['holding', 0, 'int16'],
    ]);
    const [block] = planBlocks(t, limits);
    expect(block?.items).toEqual([
      { tag: 1, name: 'FT-002', offset: 0, dataType: 'int16', width: 1 },
      { tag: 0, name: 'FT-001', offset: 4, dataType: 'float32', width: 2 },
    ]);
  });

  it('refuses a value wider than the request limit', () => {
    expect(() =>
      planBlocks(tags([['holding', 0, 'float64']]), { ...limits, maxRegistersPerRead: 2 }),
    ).toThrow(/needs 4 registers/);
  });

  it('refuses a tag without a Modbus address', () => {
    const t = {
      ...modbusTag('FT-001', 'holding', 0, 'int16'),
      address: { node: 'x', folder: 'y' },
    };
    expect(() => planBlocks([t], limits)).toThrow(/not a valid Modbus address/);
  });

  it('covers every register of every tag exactly within its block', () => {
    const specs: Spec[] = [];
    for (let a = 0; a < 400; a += 3) specs.push(['holding', a, a % 2 ? 'float32' : 'int16']);
    const t = tags(specs);
    const blocks = planBlocks(t, { ...limits, maxRegistersPerRead: 20 });
    let seen = 0;
    for (const b of blocks) {
      expect(b.count).toBeLessThanOrEqual(20);
      for (const it of b.items) {
        const tag = t[it.tag];
        const addr = tag?.address && 'table' in tag.address ? tag.address.address : -1;
        expect(b.start + it.offset).toBe(addr);
        expect(it.offset + it.width).toBeLessThanOrEqual(b.count);
        seen++;
      }
    }
    expect(seen).toBe(t.length);
  });
});

describe('planScanClasses', () => {
  it('plans each scan class separately, even for neighbouring registers', () => {
    const plc = modbusPlc({ port: 502, maxGap: 16 }, { fast: 100, slow: 1000 });
    const t = [
      modbusTag('FT-001', 'holding', 0, 'int16', { scanClass: 'fast' }),
      modbusTag('FT-002', 'holding', 1, 'int16', { scanClass: 'slow' }),
      modbusTag('FT-003', 'holding', 2, 'int16', { scanClass: 'fast' }),
      modbusTag('FT-004', 'coil', 0, 'bool', { scanClass: 'slow' }),
    ];
    const plans = planScanClasses(plc, t);
    expect(plans.map((p) => [p.scanClass, p.periodMs, p.blocks.length])).toEqual([
      ['fast', 100, 1],
      ['slow', 1000, 2],
    ]);
    const fast = plans[0]?.blocks[0];
    expect(fast?.items.map((i) => [i.tag, i.name, i.offset])).toEqual([
      [0, 'FT-001', 0],
      [2, 'FT-003', 2],
    ]);
    const slow = plans[1]?.blocks;
    expect(slow?.map((b) => [b.fc, b.start, b.items[0]?.tag])).toEqual([
      [1, 0, 3],
      [3, 1, 1],
    ]);
  });

  it('uses the PLC limits', () => {
    const plc = modbusPlc({ port: 502, maxGap: 0, maxRegistersPerRead: 2 });
    const t = [0, 1, 2].map((a) => modbusTag(`FT-00${a + 1}`, 'input', a, 'int16'));
    expect(planScanClasses(plc, t)[0]?.blocks.map((b) => [b.start, b.count])).toEqual([
      [0, 2],
      [2, 1],
    ]);
  });

  it('refuses a tag in a scan class the PLC does not define', () => {
    const plc = modbusPlc({ port: 502 });
    expect(() =>
      planScanClasses(plc, [modbusTag('FT-001', 'holding', 0, 'int16', { scanClass: 'x' })]),
    ).toThrow(/scan class "x"/);
  });
});

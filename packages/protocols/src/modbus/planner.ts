// Coalesces a PLC's Modbus tags into as few read requests as possible, per function code and scan class (pure).
import type { DataType, PlcDef, TagDef } from '@zld/plant';
import {
  isBitTable,
  modbusAddressOf,
  modbusSettingsOf,
  registerWidth,
  type ModbusTable,
} from './schema.js';

export type ReadFunctionCode = 1 | 2 | 3 | 4;

/** The read function code of each table: coils FC01, discrete inputs FC02, holding FC03, input FC04. */
export const READ_FUNCTION_CODE: Readonly<Record<ModbusTable, ReadFunctionCode>> = {
  coil: 1,
  discrete: 2,
  holding: 3,
  input: 4,
};

export interface PlanLimits {
  /** Registers per FC03/FC04 request (Modbus allows at most 125). */
  maxRegistersPerRead: number;
  /** Bits per FC01/FC02 request (Modbus allows at most 2000). */
  maxBitsPerRead: number;
  /** Unused addresses a request may span to join two tags (0: only adjacent ones). */
  maxGap: number;
}

export interface BlockItem {
  /** Position of the tag in the list given to the planner. */
  tag: number;
  name: string;
  /** Address offset from the block start (registers, or bits for coil and discrete tables). */
  offset: number;
  dataType: DataType;
  /** Registers (1 for bits). */
  width: number;
}

export interface ModbusBlock {
  fc: ReadFunctionCode;
  table: ModbusTable;
  start: number;
  count: number;
  items: BlockItem[];
}

export interface ScanPlan {
  scanClass: string;
  periodMs: number;
  blocks: ModbusBlock[];
}

/** The registers a tag occupies (a bit counts as one address). */
export function widthOf(tag: TagDef): number {
  return isBitTable(modbusAddressOf(tag).table) ? 1 : registerWidth(tag.dataType);
}

/**
 * Plans the read requests for `tags` regardless of scan class. Items name tags by their position in
 * `tags`. Left to right and greedy, which is optimal for intervals under a span and a gap limit:
 * a tag joins the open block when the addresses skipped to reach it are at most `maxGap` and the block
 * then still fits the per-request limit; otherwise it opens a new block. A value of several registers is
 * never split across blocks; one wider than the limit is a configuration error.
 */
export function planBlocks(tags: readonly TagDef[], limits: PlanLimits): ModbusBlock[] {
  const byTable = new Map<ModbusTable, BlockItem[]>();
  const addressOf: number[] = [];
  tags.forEach((t, i) => {
    const a = modbusAddressOf(t);
    addressOf[i] = a.address;
    const list = byTable.get(a.table) ?? [];
    list.push({ tag: i, name: t.name, offset: 0, dataType: t.dataType, width: widthOf(t) });
    byTable.set(a.table, list);
  });

  const blocks: ModbusBlock[] = [];
  for (const table of Object.keys(READ_FUNCTION_CODE) as ModbusTable[]) {
    const items = byTable.get(table);
    if (!items) continue;
    const max = isBitTable(table) ? limits.maxBitsPerRead : limits.maxRegistersPerRead;
    const at = (it: BlockItem): number => addressOf[it.tag] ?? 0;
    items.sort((x, y) => at(x) - at(y) || y.width - x.width);
    let open: ModbusBlock | undefined;
    let end = 0;
    for (const it of items) {
      const addr = at(it);
      if (it.width > max) {
        throw new Error(
          `${it.name}: a ${it.dataType} needs ${it.width} registers, more than the ${max} allowed per read`,
        );
      }
      const fits =
        open !== undefined && addr - end <= limits.maxGap && addr + it.width - open.start <= max;
      if (!fits || open === undefined) {
        open = { fc: READ_FUNCTION_CODE[table], table, start: addr, count: 0, items: [] };
        blocks.push(open);
        end = addr;
      }
      open.items.push({ ...it, offset: addr - open.start });
      end = Math.max(end, addr + it.width);
      open.count = end - open.start;
    }
  }
  return blocks;
}

/** Plans every scan class of a Modbus PLC separately; `tags` are that PLC's tags (items index into it). */
export function planScanClasses(plc: PlcDef, tags: readonly TagDef[]): ScanPlan[] {
  const options = modbusSettingsOf(plc);
  const members = new Map<string, number[]>();
  tags.forEach((t, i) => {
    const sc = t.scanClass;
    if (sc === undefined || plc.scanClasses[sc] === undefined) {
      throw new Error(`${t.name}: scan class "${sc ?? ''}" is not defined on ${plc.id}`);
    }
    const list = members.get(sc) ?? [];
    list.push(i);
    members.set(sc, list);
  });
  const plans: ScanPlan[] = [];
  for (const [scanClass, def] of Object.entries(plc.scanClasses)) {
    const idx = members.get(scanClass);
    if (!idx) continue;
    const blocks = planBlocks(
      idx.map((i) => tags[i] as TagDef),
      options,
    );
    for (const b of blocks) for (const it of b.items) it.tag = idx[it.tag] ?? -1;
    plans.push({ scanClass, periodMs: def.periodMs, blocks });
  }
  return plans;
}

// The plant-file half of Modbus TCP: the PLC settings block, a tag's {table, address}, and the register checks.
import type { DataType, PlcDef, ProtocolCheckContext, TagDef } from '@zld/plant';
import { z } from 'zod';
import { parsedWith } from '../kernel/parsed.js';

export const MODBUS_TABLES = ['coil', 'discrete', 'input', 'holding'] as const;
export type ModbusTable = (typeof MODBUS_TABLES)[number];

export const modbusSettings = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    unitId: z.number().int().min(0).max(255),
    byteOrder: z.enum(['big', 'little']).default('big'),
    wordOrder: z.enum(['big', 'little']).default('big'),
    maxRegistersPerRead: z.number().int().min(1).max(125).default(125),
    maxBitsPerRead: z.number().int().min(1).max(2000).default(2000),
    maxGap: z.number().int().min(0).max(125).default(16),
    timeoutMs: z.number().int().min(10).max(60_000).default(1000),
    demoteAfterTimeouts: z.number().int().min(1).max(100).default(3),
    demotionPeriodMs: z.number().int().min(100).max(3_600_000).default(10_000),
  })
  .strict();

export const modbusAddress = z
  .object({
    table: z.enum(MODBUS_TABLES),
    /** Zero-based protocol address. */
    address: z.number().int().min(0).max(65535),
  })
  .strict();

export type ModbusPlcOptions = z.output<typeof modbusSettings>;
export type ModbusAddress = z.output<typeof modbusAddress>;

const settingsOf = parsedWith(modbusSettings, 'Modbus settings block');
const addressOf = parsedWith(modbusAddress, 'Modbus address');

/** A Modbus PLC's settings (defaults applied); throws naming the PLC when they are not Modbus settings. */
export function modbusSettingsOf(plc: PlcDef): ModbusPlcOptions {
  if (plc.protocol !== 'modbus') throw new Error(`${plc.id}: not a Modbus PLC`);
  return settingsOf(plc.settings, plc.id);
}

/** A tag's Modbus address; throws naming the tag when it has none. */
export function modbusAddressOf(tag: TagDef): ModbusAddress {
  return addressOf(tag.address, tag.name);
}

/** Registers (or bits) one value occupies in a Modbus table. */
export function registerWidth(dataType: DataType): number {
  switch (dataType) {
    case 'bool':
    case 'int16':
    case 'uint16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
  }
}

export function isBitTable(table: ModbusTable): boolean {
  return table === 'coil' || table === 'discrete';
}

/** Data types that fit the table, registers used twice, values past 65535, writes to read-only tables. */
export function checkModbusTags(ctx: ProtocolCheckContext<ModbusPlcOptions, ModbusAddress>): void {
  const used = new Map<ModbusTable, { tag: string; from: number; to: number }[]>();
  for (const { tag: t, index, address: a } of ctx.tags) {
    const at = (...rest: string[]) => ['tags', index, ...rest];
    const bits = isBitTable(a.table);
    if (bits && t.dataType !== 'bool')
      ctx.add(at('dataType'), `a ${a.table} holds a bool, not ${t.dataType}`);
    if (!bits && t.dataType === 'bool')
      ctx.add(
        at('dataType'),
        `a bool belongs in a coil or discrete input, not a ${a.table} register`,
      );
    const from = a.address;
    const to = from + registerWidth(t.dataType);
    const max = bits ? ctx.settings.maxBitsPerRead : ctx.settings.maxRegistersPerRead;
    if (to - from > max)
      ctx.add(
        at('dataType'),
        `a ${t.dataType} needs ${to - from} registers, more than the ${max} ${ctx.plc.id} reads at once`,
      );
    if (to > 65536) ctx.add(at('address', 'address'), `the value runs past register 65535`);
    const list = used.get(a.table) ?? [];
    for (const u of list)
      if (from < u.to && u.from < to)
        ctx.add(
          at('address', 'address'),
          `${a.table} ${from}${to - from > 1 ? `-${to - 1}` : ''} on ${ctx.plc.id} is already used by ${u.tag}`,
        );
    list.push({ tag: t.name, from, to });
    used.set(a.table, list);
    if (t.writable && (a.table === 'discrete' || a.table === 'input'))
      ctx.add(
        at('writable'),
        `a ${a.table} is read-only in Modbus; a writable tag needs a coil or holding register`,
      );
  }
}

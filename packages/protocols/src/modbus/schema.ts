// The plant-file half of Modbus: the PLC settings block (TCP, RTU over TCP, serial RTU), a tag's
// {table, address}, and the register and transport checks.
import type { DataType, PlcDef, ProtocolCheckContext, TagDef } from '@zld/plant';
import { z } from 'zod';
import { parsedWith } from '../kernel/parsed.js';
import {
  describeLine,
  frameTimeMs,
  longestAnswerBytes,
  MODBUS_TRANSPORTS,
  serialLine,
  type ModbusEndpoint,
} from './transport-schema.js';

export const MODBUS_TABLES = ['coil', 'discrete', 'input', 'holding'] as const;
export type ModbusTable = (typeof MODBUS_TABLES)[number];

export const modbusSettings = z
  .object({
    /** `tcp` (Modbus TCP, the default), `rtu-over-tcp` (RTU frames over TCP) or `rtu` (a serial line). */
    transport: z.enum(MODBUS_TRANSPORTS).default('tcp'),
    /** TCP transports: the device's (or serial gateway's) address. */
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    /** `rtu`: the serial line; several PLCs (unit ids) may share one. */
    serial: serialLine.optional(),
    /** RTU transports: the silence before each request, ms (default: 3.5 characters on a serial line, 0 over TCP). */
    interFrameDelayMs: z.number().min(0).max(1000).optional(),
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
  .strict()
  .superRefine((s, ctx) => {
    const need = (key: string, why: string) =>
      ctx.addIssue({ code: 'custom', path: [key], message: why });
    if (s.transport === 'rtu') {
      if (!s.serial)
        need('serial', 'transport rtu needs a serial line: serial: { path, baudRate }');
      if (s.host !== undefined) need('host', 'transport rtu is a serial line and takes no host');
      if (s.port !== undefined) need('port', 'transport rtu is a serial line and takes no port');
    } else {
      if (s.host === undefined) need('host', `transport ${s.transport} needs a host`);
      if (s.port === undefined) need('port', `transport ${s.transport} needs a port`);
      if (s.serial) need('serial', `a serial line needs transport: rtu, not ${s.transport}`);
      if (s.transport === 'tcp' && s.interFrameDelayMs !== undefined)
        need('interFrameDelayMs', 'Modbus TCP has no inter-frame delay (RTU transports only)');
    }
    // Broadcast (0) gets no answer, and 248-255 are reserved, on a serial line.
    if (s.transport !== 'tcp' && (s.unitId < 1 || s.unitId > 247))
      need('unitId', `an RTU unit id is 1-247, not ${s.unitId}`);
  });

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

/** Where the settings say the PLC is reached (the schema makes sure the transport's fields are there). */
export function modbusEndpointOf(s: ModbusPlcOptions): ModbusEndpoint {
  if (s.transport === 'rtu') {
    if (!s.serial) throw new Error('transport rtu needs a serial line');
    return { transport: 'rtu', serial: s.serial };
  }
  if (s.host === undefined || s.port === undefined)
    throw new Error(`transport ${s.transport} needs a host and a port`);
  return { transport: s.transport, host: s.host, port: s.port };
}

/** What the settings reach, for messages and endpoint keys: `tcp 10.0.0.5:502/1`, `rtu /dev/ttyS0 19200 8E1/3`. */
export function describeModbusEndpoint(s: ModbusPlcOptions): string {
  const e = modbusEndpointOf(s);
  const where = e.transport === 'rtu' ? describeLine(e.serial) : `${e.host}:${e.port}`;
  return `${e.transport} ${where}/${s.unitId}`;
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

/**
 * A serial line's timeout must leave time for the longest answer to arrive: at 9600 baud a 125-register
 * answer alone takes 292 ms.
 */
function checkSerialTiming(ctx: ProtocolCheckContext<ModbusPlcOptions, ModbusAddress>): void {
  const s = ctx.settings;
  if (s.transport !== 'rtu' || !s.serial) return;
  const answerMs = frameTimeMs(
    s.serial,
    longestAnswerBytes(s.maxRegistersPerRead, s.maxBitsPerRead),
  );
  const requestMs = frameTimeMs(s.serial, 8);
  const needed = Math.ceil(requestMs + answerMs) + 50;
  if (s.timeoutMs < needed)
    ctx.add(
      ['plcs', ctx.plcIndex, 'modbus', 'timeoutMs'],
      `timeoutMs ${s.timeoutMs} is too short for ${s.serial.baudRate} baud: the longest read takes ` +
        `${Math.ceil(requestMs + answerMs)} ms on the line; raise timeoutMs to at least ${needed} or lower maxRegistersPerRead`,
    );
}

/**
 * Data types that fit the table, registers used twice, values past 65535, writes to read-only tables,
 * and a serial line's timeout against its baud rate.
 */
export function checkModbusTags(ctx: ProtocolCheckContext<ModbusPlcOptions, ModbusAddress>): void {
  checkSerialTiming(ctx);
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

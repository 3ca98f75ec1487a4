// A Modbus PLC's four tables, generated from the plant file and refreshed from the plant through the shared codec.
import type { PlcDef, TagDef } from '@zld/plant';
import { TagCodec } from '@zld/tags';
import { WriteRefusedError, type TagSource } from '../kernel/sim-server.js';
import { modbusAddressOf, modbusSettingsOf, type ModbusTable } from './schema.js';

/** Modbus exception codes the image answers with. */
export const ILLEGAL_DATA_ADDRESS = 2;
export const ILLEGAL_DATA_VALUE = 3;
export const SERVER_DEVICE_FAILURE = 4;

interface Entry {
  name: string;
  codec: TagCodec;
  table: ModbusTable;
  address: number;
  writable: boolean;
  /** Engineering range: a write outside it is refused with 03. */
  range: readonly [number, number];
  /** False once the plant has refused to answer for this tag (reported once, then skipped). */
  live: boolean;
}

type RegisterTable = 'holding' | 'input';
type BitTable = 'coil' | 'discrete';

/**
 * Memory layout: each table is as long as its highest mapped address (plus the tag's width). An address
 * inside that area but between tags reads 0, like the unused words of a PLC data block, so a block read
 * that spans a small gap (the gateway's planner does) works; a read that reaches past the area answers
 * exception 02. Writes must land wholly on writable tags, or the whole request answers 02 and nothing
 * changes.
 */
export class RegisterImage {
  readonly plcId: string;
  readonly holding: Uint16Array;
  readonly input: Uint16Array;
  readonly coil: Uint8Array;
  readonly discrete: Uint8Array;
  private readonly entries: Entry[];
  /** Per table and address: index of the tag that occupies it, or -1. */
  private readonly owner: Record<ModbusTable, Int32Array>;
  private readonly onMissing: (tag: string, err: unknown) => void;

  constructor(
    plc: PlcDef,
    tags: readonly TagDef[],
    onMissing: (tag: string, err: unknown) => void = (tag, err) =>
      console.warn(`${plc.id}: the plant gives no value for ${tag}: ${String(err)}`),
  ) {
    const settings = modbusSettingsOf(plc);
    const layout = { byteOrder: settings.byteOrder, wordOrder: settings.wordOrder };
    this.plcId = plc.id;
    this.onMissing = onMissing;
    this.entries = [];
    for (const t of tags) {
      if (t.plc !== plc.id || t.computed || t.address === undefined) continue;
      const a = modbusAddressOf(t);
      this.entries.push({
        name: t.name,
        codec: new TagCodec(t, layout),
        table: a.table,
        address: a.address,
        writable: t.writable,
        range: t.range,
        live: true,
      });
    }
    const size = { coil: 0, discrete: 0, input: 0, holding: 0 };
    for (const e of this.entries)
      size[e.table] = Math.max(size[e.table], e.address + e.codec.width);
    this.holding = new Uint16Array(size.holding);
    this.input = new Uint16Array(size.input);
    this.coil = new Uint8Array(size.coil);
    this.discrete = new Uint8Array(size.discrete);
    this.owner = {
      coil: new Int32Array(size.coil).fill(-1),
      discrete: new Int32Array(size.discrete).fill(-1),
      input: new Int32Array(size.input).fill(-1),
      holding: new Int32Array(size.holding).fill(-1),
    };
    this.entries.forEach((e, i) =>
      this.owner[e.table].fill(i, e.address, e.address + e.codec.width),
    );
  }

  /** Number of tags mapped. */
  get size(): number {
    return this.entries.length;
  }

  /** Re-encodes every tag from the plant. */
  refresh(source: TagSource): void {
    for (const e of this.entries) if (e.live) this.load(e, source);
  }

  /** True when `count` registers or bits from `address` lie inside the table's mapped area. */
  inRange(table: ModbusTable, address: number, count: number): boolean {
    return count > 0 && address >= 0 && address + count <= this.owner[table].length;
  }

  /** A view of `count` registers (no copy): the caller checks `inRange` first. */
  registers(table: RegisterTable, address: number, count: number): Uint16Array {
    return this[table].subarray(address, address + count);
  }

  bit(table: BitTable, address: number): boolean {
    return this[table][address] === 1;
  }

  /**
   * FC06/FC16: applies `values` from `address` to the plant, one value per touched tag, assembled from the
   * request's registers and (for a partial write) the image's other registers. Answers 0, 02 (not a
   * writable tag), 03 (a value outside the tag's range, NaN included: nothing is applied; or a value the
   * PLC's interlock refuses, WriteRefusedError) or 04 (the plant refused it otherwise, e.g. a setpoint of a
   * loop in cascade).
   */
  writeRegisters(address: number, values: ArrayLike<number>, source: TagSource): number {
    const touched = this.touchedWritable('holding', address, values.length);
    if (touched === null) return ILLEGAL_DATA_ADDRESS;
    const saved = this.holding.slice(address, address + values.length);
    for (let i = 0; i < values.length; i++) this.holding[address + i] = values[i]! & 0xffff;
    const decoded = touched.map((e) => e.codec.decodeRegisters(this.holding, e.address));
    if (decoded.some((v, i) => !(v >= touched[i]!.range[0] && v <= touched[i]!.range[1]))) {
      this.holding.set(saved, address);
      return ILLEGAL_DATA_VALUE;
    }
    return this.apply(touched, decoded, source);
  }

  /**
   * FC05/FC15: applies coil states from `address` to the plant. Answers 0 or an exception code: 03 when
   * the PLC's interlock refuses a value (WriteRefusedError), 04 when the plant refuses it otherwise.
   */
  writeCoils(address: number, values: readonly boolean[], source: TagSource): number {
    const touched = this.touchedWritable('coil', address, values.length);
    if (touched === null) return ILLEGAL_DATA_ADDRESS;
    return this.apply(
      touched,
      touched.map((e) => values[e.address - address]!),
      source,
    );
  }

  /** The tags a write covers, each once, in address order; null when any address is not a writable tag. */
  private touchedWritable(
    table: 'holding' | 'coil',
    address: number,
    count: number,
  ): Entry[] | null {
    if (!this.inRange(table, address, count)) return null;
    const owners = this.owner[table];
    const out: Entry[] = [];
    for (let a = address; a < address + count; a++) {
      const e = this.entries[owners[a]!];
      if (!e || !e.writable) return null;
      if (out[out.length - 1] !== e) out.push(e);
    }
    return out;
  }

  private apply(touched: Entry[], values: (number | boolean)[], source: TagSource): number {
    let code = 0;
    touched.forEach((e, i) => {
      try {
        source.write(e.name, values[i]!);
      } catch (err) {
        // A device failure outranks an interlock refusal in the one answer a request gets.
        if (err instanceof WriteRefusedError) code = code || ILLEGAL_DATA_VALUE;
        else code = SERVER_DEVICE_FAILURE;
      }
      // Read back at once so the next read shows what the plant accepted.
      this.load(e, source);
    });
    return code;
  }

  private load(e: Entry, source: TagSource): void {
    let v: number | boolean;
    try {
      v = source.read(e.name);
    } catch (err) {
      e.live = false;
      this.onMissing(e.name, err);
      return;
    }
    if (e.codec.isBit) {
      (e.table === 'coil' ? this.coil : this.discrete)[e.address] = v === true || v === 1 ? 1 : 0;
      return;
    }
    const n = typeof v === 'number' ? v : v ? 1 : 0;
    // An integer register has no NaN: keep the last value rather than invent one.
    if (Number.isNaN(n) && e.codec.dataType !== 'float32' && e.codec.dataType !== 'float64') return;
    e.codec.encodeInto(n, e.table === 'input' ? this.input : this.holding, e.address);
  }
}

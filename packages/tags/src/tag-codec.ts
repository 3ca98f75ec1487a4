// One Modbus tag's wire format (data type, register layout, scaling) in one object: engineering units <-> wire.
import type { TagDef } from '@zld/plant';
import {
  BIG_ENDIAN,
  coerceToType,
  decodeBit,
  decodeFromBytes,
  decodeFromRegisters,
  encodeToRegisters,
  fitsType,
  registersOf,
  type NumericType,
  type RegisterLayout,
} from './codec.js';
import { LinearScale } from './scaling.js';

/**
 * Built once per tag (not per sample) by the gateway's Modbus driver and by the simulators' Modbus
 * servers, so both sides read and write a tag the same way. `offset` arguments count registers for
 * numeric tags and bits for `bool` tags (coils, discrete inputs). Decoding answers engineering units;
 * encoding takes engineering units, clamps to the raw span of the tag's scaling, then rounds and
 * saturates to the register type (see `coerceToType`).
 */
export class TagCodec {
  readonly name: string;
  readonly dataType: TagDef['dataType'];
  /** Registers (numeric) or bits (bool) one value occupies. */
  readonly width: number;
  private readonly numeric: NumericType | null;
  private readonly scale: LinearScale | null;

  constructor(
    tag: Pick<TagDef, 'name' | 'dataType' | 'scaling'>,
    private readonly layout: RegisterLayout = BIG_ENDIAN,
  ) {
    this.name = tag.name;
    this.dataType = tag.dataType;
    this.numeric = tag.dataType === 'bool' ? null : tag.dataType;
    this.width = this.numeric === null ? 1 : registersOf(this.numeric);
    try {
      this.scale = tag.scaling ? new LinearScale(tag.scaling) : null;
    } catch (err) {
      throw new RangeError(`${tag.name}: ${(err as Error).message}`, { cause: err });
    }
  }

  get isBit(): boolean {
    return this.numeric === null;
  }

  /** Decodes from the raw bytes of a read (register bytes, or packed bits for a bool tag). */
  decode(bytes: Uint8Array, offset: number): number | boolean {
    if (this.numeric === null) return decodeBit(bytes, offset);
    const raw = decodeFromBytes(bytes, offset, this.numeric, this.layout);
    return this.scale === null ? raw : this.scale.toEu(raw);
  }

  /** Decodes a numeric tag from 16-bit register values. */
  decodeRegisters(registers: ArrayLike<number>, offset: number): number {
    if (this.numeric === null) throw new TypeError(`${this.name} is a bit, not a register value`);
    const raw = decodeFromRegisters(registers, offset, this.numeric, this.layout);
    return this.scale === null ? raw : this.scale.toEu(raw);
  }

  /** The raw value a write of `eu` stores: clamped to the scaling's raw span, rounded and saturated. */
  toRaw(eu: number): number {
    if (this.numeric === null) return eu !== 0 ? 1 : 0;
    return coerceToType(this.scale === null ? eu : this.scale.toRaw(eu), this.numeric);
  }

  /**
   * True when `eu` is finite and written without clamping to the scaling's raw span or saturating the
   * register type; rounding to the register's resolution does not count as a misfit.
   */
  fits(eu: number): boolean {
    if (!Number.isFinite(eu)) return false;
    if (this.numeric === null) return eu === 0 || eu === 1;
    const raw = this.scale === null ? eu : this.scale.toRaw(eu, false);
    if (this.scale !== null && raw !== this.scale.toRaw(eu)) return false;
    return fitsType(raw, this.numeric);
  }

  /** The registers to write for `eu` (FC06 when one, FC16 when more); a bool tag answers [0] or [1]. */
  encode(eu: number | boolean): number[] {
    const out = new Array<number>(this.width).fill(0);
    this.encodeInto(eu, out, 0);
    return out;
  }

  /** Writes `eu` into a register image at `at` (a server's holding/input table); answers registers written. */
  encodeInto(eu: number | boolean, out: number[] | Uint16Array, at: number): number {
    const v = typeof eu === 'boolean' ? (eu ? 1 : 0) : eu;
    if (this.numeric === null) {
      out[at] = v !== 0 ? 1 : 0;
      return 1;
    }
    return encodeToRegisters(this.toRaw(v), this.numeric, this.layout, out, at);
  }
}

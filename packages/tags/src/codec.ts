// Modbus data types <-> 16-bit registers and packed bits, with configurable byte and word order (pure, no I/O).
import type { DataType } from '@zld/plant';

/** A numeric Modbus data type (everything but `bool`, which lives in coils and discrete inputs). */
export type NumericType = Exclude<DataType, 'bool'>;

/**
 * How a multi-byte value is laid out in registers. Name the bytes of a value A (most significant)
 * to D (least): big/big is ABCD, byte big/word little CDAB, byte little/word big BADC, little/little DCBA.
 * - `byteOrder`: the order of the two bytes inside each 16-bit register (`big`: high byte first, as the
 *   Modbus specification puts it on the wire).
 * - `wordOrder`: which register holds the high word (`big`: the first register).
 */
export interface RegisterLayout {
  readonly byteOrder: 'big' | 'little';
  readonly wordOrder: 'big' | 'little';
}

export const BIG_ENDIAN: RegisterLayout = { byteOrder: 'big', wordOrder: 'big' };

const WIDTH: Readonly<Record<NumericType, number>> = {
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  float64: 4,
};

/** Registers one value of a numeric type occupies. */
export function registersOf(type: NumericType): number {
  return WIDTH[type];
}

const INT_RANGE: Readonly<
  Record<'int16' | 'uint16' | 'int32' | 'uint32', readonly [number, number]>
> = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};

// One scratch area, big-endian, reused by every call: decoding never allocates.
const scratch = new DataView(new ArrayBuffer(8));

/** Wire position (byte index from the first register) of logical byte `i` (0 = most significant). */
function wirePos(i: number, words: number, layout: RegisterLayout): number {
  const word = i >> 1;
  const reg = layout.wordOrder === 'big' ? word : words - 1 - word;
  const inReg = layout.byteOrder === 'big' ? i & 1 : 1 - (i & 1);
  return reg * 2 + inReg;
}

function readScratch(type: NumericType): number {
  switch (type) {
    case 'int16':
      return scratch.getInt16(0);
    case 'uint16':
      return scratch.getUint16(0);
    case 'int32':
      return scratch.getInt32(0);
    case 'uint32':
      return scratch.getUint32(0);
    case 'float32':
      return scratch.getFloat32(0);
    case 'float64':
      return scratch.getFloat64(0);
  }
}

/**
 * Decodes one value from register bytes as they come off the wire (e.g. the `buffer` of a
 * modbus-serial read, two bytes per register). `register` counts registers from the start of `bytes`.
 */
export function decodeFromBytes(
  bytes: Uint8Array,
  register: number,
  type: NumericType,
  layout: RegisterLayout = BIG_ENDIAN,
): number {
  const words = WIDTH[type];
  const base = register * 2;
  if (register < 0 || base + words * 2 > bytes.length)
    throw new RangeError(`${type} at register ${register} runs past ${bytes.length / 2} registers`);
  for (let i = 0; i < words * 2; i++) scratch.setUint8(i, bytes[base + wirePos(i, words, layout)]!);
  return readScratch(type);
}

/** Decodes one value from an array of 16-bit register values (e.g. the `data` of a modbus-serial read). */
export function decodeFromRegisters(
  registers: ArrayLike<number>,
  register: number,
  type: NumericType,
  layout: RegisterLayout = BIG_ENDIAN,
): number {
  const words = WIDTH[type];
  if (register < 0 || register + words > registers.length)
    throw new RangeError(`${type} at register ${register} runs past ${registers.length} registers`);
  for (let i = 0; i < words * 2; i++) {
    const pos = wirePos(i, words, layout);
    const reg = registers[register + (pos >> 1)]!;
    scratch.setUint8(i, pos & 1 ? reg & 0xff : (reg >> 8) & 0xff);
  }
  return readScratch(type);
}

/** Bit `index` of packed Modbus bit data (coils, discrete inputs: least significant bit first). */
export function decodeBit(bytes: Uint8Array, index: number): boolean {
  const byte = bytes[index >> 3];
  if (index < 0 || byte === undefined) throw new RangeError(`bit ${index} is past the data`);
  return ((byte >> (index & 7)) & 1) === 1;
}

/** Packs booleans into Modbus bit bytes (least significant bit first), as a server answers FC01/FC02. */
export function packBits(bits: ArrayLike<boolean>): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/**
 * True when writing `value` as `type` neither saturates nor overflows: an integer type holds the value
 * once rounded half away from zero; a float32 holds any value that does not overflow to Infinity;
 * a float64 holds everything. NaN fits only the float types.
 */
export function fitsType(value: number, type: NumericType): boolean {
  if (type === 'float64') return true;
  if (type === 'float32') return !Number.isFinite(value) || Number.isFinite(Math.fround(value));
  if (Number.isNaN(value)) return false;
  const [lo, hi] = INT_RANGE[type];
  const r = roundHalfAway(value);
  return r >= lo && r <= hi;
}

function roundHalfAway(value: number): number {
  return value < 0 ? 0 - Math.round(-value) : Math.round(value); // 0 - x: no negative zero
}

/**
 * The integer a write of `value` to an integer type stores: rounded half away from zero, then saturated
 * to the type's range (+Infinity gives the maximum, -Infinity the minimum). NaN has no integer
 * representation and throws. Floats keep IEEE semantics: NaN and +-Infinity pass through, a float32 of a
 * finite number rounds to the nearest float32 (overflowing to +-Infinity, as IEEE conversion does).
 * Callers that must refuse rather than saturate check `fitsType` first.
 */
export function coerceToType(value: number, type: NumericType): number {
  if (type === 'float32') return Math.fround(value);
  if (type === 'float64') return value;
  if (Number.isNaN(value)) throw new RangeError(`NaN cannot be written as ${type}`);
  const [lo, hi] = INT_RANGE[type];
  const r = roundHalfAway(value);
  return r < lo ? lo : r > hi ? hi : r;
}

function writeScratch(value: number, type: NumericType): void {
  const v = coerceToType(value, type);
  switch (type) {
    case 'int16':
      return scratch.setInt16(0, v);
    case 'uint16':
      return scratch.setUint16(0, v);
    case 'int32':
      return scratch.setInt32(0, v);
    case 'uint32':
      return scratch.setUint32(0, v);
    case 'float32':
      return scratch.setFloat32(0, v);
    case 'float64':
      return scratch.setFloat64(0, v);
  }
}

/**
 * Encodes `value` into `out` (16-bit register values) starting at `at`; answers the number of registers
 * written. Out-of-range values are rounded and saturated as `coerceToType` says.
 */
export function encodeToRegisters(
  value: number,
  type: NumericType,
  layout: RegisterLayout,
  out: number[] | Uint16Array,
  at = 0,
): number {
  const words = WIDTH[type];
  writeScratch(value, type);
  for (let w = 0; w < words; w++) out[at + w] = 0;
  for (let i = 0; i < words * 2; i++) {
    const pos = wirePos(i, words, layout);
    const b = scratch.getUint8(i);
    out[at + (pos >> 1)]! |= pos & 1 ? b : b << 8;
  }
  return words;
}

/** Encodes `value` into wire bytes (two per register) at register `register` of `out`; answers registers written. */
export function encodeToBytes(
  value: number,
  type: NumericType,
  layout: RegisterLayout,
  out: Uint8Array,
  register = 0,
): number {
  const words = WIDTH[type];
  const base = register * 2;
  if (register < 0 || base + words * 2 > out.length)
    throw new RangeError(`${type} at register ${register} runs past ${out.length / 2} registers`);
  writeScratch(value, type);
  for (let i = 0; i < words * 2; i++) out[base + wirePos(i, words, layout)] = scratch.getUint8(i);
  return words;
}

/** The registers for one write (FC06 for one register, FC16 for more). Allocates: for writes, not polling. */
export function encodeRegisters(
  value: number,
  type: NumericType,
  layout: RegisterLayout = BIG_ENDIAN,
): number[] {
  const out = new Array<number>(WIDTH[type]).fill(0);
  encodeToRegisters(value, type, layout, out, 0);
  return out;
}

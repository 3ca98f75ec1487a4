// Linear raw <-> engineering-unit scaling from a tag's `scaling: {raw: [r0, r1], eu: [e0, e1]}` (pure).
import type { Scaling } from '@zld/plant';

/**
 * Decoding (raw -> EU) extrapolates: a raw value outside the raw span gives an EU value outside the EU
 * span, so an over-range instrument stays visible. Encoding (EU -> raw) clamps to the raw span by
 * default: a write never puts a register outside the span the instrument or PLC was configured for.
 * The result of `toRaw` is not rounded; the codec rounds when it writes an integer register.
 */
export class LinearScale {
  private readonly r0: number;
  private readonly rSpan: number;
  private readonly e0: number;
  private readonly eSpan: number;
  private readonly rawMin: number;
  private readonly rawMax: number;

  constructor(scaling: Scaling) {
    const [r0, r1] = scaling.raw;
    const [e0, e1] = scaling.eu;
    if (r0 === r1) throw new RangeError('scaling: the raw span is empty');
    if (e0 === e1) throw new RangeError('scaling: the EU span is empty');
    this.r0 = r0;
    this.rSpan = r1 - r0;
    this.e0 = e0;
    this.eSpan = e1 - e0;
    this.rawMin = Math.min(r0, r1);
    this.rawMax = Math.max(r0, r1);
  }

  /** Raw register value -> engineering units (multiply before dividing: 5000 of 0..10000 is exactly 50). */
  toEu(raw: number): number {
    return this.e0 + ((raw - this.r0) * this.eSpan) / this.rSpan;
  }

  /** Engineering units -> raw, clamped to the raw span unless `clamp` is false. NaN stays NaN. */
  toRaw(eu: number, clamp = true): number {
    const raw = this.r0 + ((eu - this.e0) * this.rSpan) / this.eSpan;
    if (!clamp) return raw;
    return raw < this.rawMin ? this.rawMin : raw > this.rawMax ? this.rawMax : raw;
  }
}

/** Raw -> EU for a tag's scaling; identity when the tag has none. Builds the scale each call: not for hot loops. */
export function rawToEu(scaling: Scaling | undefined, raw: number): number {
  return scaling ? new LinearScale(scaling).toEu(raw) : raw;
}

/** EU -> raw for a tag's scaling (clamped to the raw span unless `clamp` is false); identity without one. */
export function euToRaw(scaling: Scaling | undefined, eu: number, clamp = true): number {
  return scaling ? new LinearScale(scaling).toRaw(eu, clamp) : eu;
}

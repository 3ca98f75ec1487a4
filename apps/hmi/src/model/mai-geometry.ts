// Moving analog indicator geometry: where the range, normal band, alarm limits, setpoint and value sit on a scale.
import type { LimitName, TagDefinitionDto } from '@zld/api';

export interface MaiMark {
  name: LimitName;
  value: number;
  /** Position along the scale, 0 (range low) ... 1 (range high). */
  at: number;
}

export interface MaiGeometry {
  range: [number, number];
  /** The desired (normal) band as fractions of the scale, or null. */
  normal: [number, number] | null;
  /** Alarm limits in LL, L, H, HH order (only those configured). */
  limits: MaiMark[];
  /** Low-side and high-side alarm zones as fractions (from the scale end to the L / H limit). */
  lowZone: [number, number] | null;
  highZone: [number, number] | null;
  setpoint: number | null;
  /** The value pointer, clamped to the scale; null without a usable value. */
  pointer: number | null;
  /** The value lies beyond the range (pointer pinned to the end). */
  over: 'below' | 'above' | null;
  /** The worst limit the value is past ('HH' beats 'H'), or null inside them. */
  zone: LimitName | null;
}

const ORDER: readonly LimitName[] = ['LL', 'L', 'H', 'HH'];

/** Fraction of the range, clamped to [0, 1]. */
export function fractionOf(v: number, [lo, hi]: readonly [number, number]): number {
  if (hi === lo) return 0;
  return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
}

/** The limit zone a value is in: past HH, past H, below LL, below L, or none. */
export function limitZone(v: number, limits: Partial<Record<LimitName, number>>): LimitName | null {
  if (limits.HH !== undefined && v >= limits.HH) return 'HH';
  if (limits.LL !== undefined && v <= limits.LL) return 'LL';
  if (limits.H !== undefined && v >= limits.H) return 'H';
  if (limits.L !== undefined && v <= limits.L) return 'L';
  return null;
}

export function maiGeometry(
  def: Pick<TagDefinitionDto, 'range' | 'normal' | 'limits'>,
  value: number | null,
  setpoint: number | null = null,
): MaiGeometry {
  const range: [number, number] = [def.range[0], def.range[1]];
  const limits = def.limits ?? {};
  const marks: MaiMark[] = ORDER.filter((n) => limits[n] !== undefined).map((name) => ({
    name,
    value: limits[name]!,
    at: fractionOf(limits[name]!, range),
  }));
  const lowLimit = limits.L ?? limits.LL;
  const highLimit = limits.H ?? limits.HH;
  let pointer: number | null = null;
  let over: MaiGeometry['over'] = null;
  if (value !== null && Number.isFinite(value)) {
    pointer = fractionOf(value, range);
    if (value < range[0]) over = 'below';
    else if (value > range[1]) over = 'above';
  }
  return {
    range,
    normal: def.normal
      ? [fractionOf(def.normal[0], range), fractionOf(def.normal[1], range)]
      : null,
    limits: marks,
    lowZone: lowLimit !== undefined ? [0, fractionOf(lowLimit, range)] : null,
    highZone: highLimit !== undefined ? [fractionOf(highLimit, range), 1] : null,
    setpoint: setpoint !== null && Number.isFinite(setpoint) ? fractionOf(setpoint, range) : null,
    pointer,
    over,
    zone: value !== null && Number.isFinite(value) ? limitZone(value, limits) : null,
  };
}

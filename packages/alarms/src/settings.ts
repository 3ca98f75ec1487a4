// Changes to an alarm's settings by an engineer (limit, deadband, delays): checked, applied to a definition, kept as overrides.
import type { AlarmDef } from '@zld/plant';
import { AlarmCommandError } from './errors.js';

/** What an engineer may change on a limit or rate-of-change alarm; each field left out keeps its value. */
export interface AlarmSettings {
  /** Engineering units (rate-of-change: units per minute). */
  limit?: number;
  deadband?: number;
  onDelayS?: number;
  offDelayS?: number;
}

export const SETTING_FIELDS = ['limit', 'deadband', 'onDelayS', 'offDelayS'] as const;

/** The longest on- or off-delay an engineer may set (ISA-18.2 delays are seconds to minutes). */
export const MAX_DELAY_S = 3600;

const LIMIT_ORDER = ['LL', 'L', 'H', 'HH'] as const;

/** The definition with the settings applied. */
export function applySettings(def: AlarmDef, s: AlarmSettings | undefined): AlarmDef {
  if (s === undefined) return def;
  const out = { ...def };
  for (const k of SETTING_FIELDS) if (s[k] !== undefined) out[k] = s[k];
  return out;
}

/** Which of the settings differ from the definition: `{field: [before, after]}`. */
export function settingsDiff(
  before: AlarmDef,
  after: AlarmDef,
): Record<string, [number | undefined, number | undefined]> {
  const diff: Record<string, [number | undefined, number | undefined]> = {};
  for (const k of SETTING_FIELDS) if (before[k] !== after[k]) diff[k] = [before[k], after[k]];
  return diff;
}

/**
 * Refuses (Bad_OutOfRange) settings that are not finite, a negative deadband, a delay beyond
 * `MAX_DELAY_S`, a limit of a kind that has none, and limits of one tag out of order (LL < L < H < HH,
 * as `siblings` — the tag's other limit alarms — stand after the change).
 */
export function checkSettings(def: AlarmDef, next: AlarmDef, siblings: readonly AlarmDef[]): void {
  const refuse = (why: string): never => {
    throw new AlarmCommandError('Bad_OutOfRange', `${def.id}: ${why}`);
  };
  if (def.limit === undefined) refuse(`a ${def.type} alarm has no limit to change`);
  for (const k of SETTING_FIELDS) {
    const v = next[k];
    if (v !== undefined && !Number.isFinite(v)) refuse(`${k} must be a finite number`);
  }
  if (next.deadband < 0) refuse('the deadband may not be negative');
  for (const k of ['onDelayS', 'offDelayS'] as const)
    if (next[k] < 0 || next[k] > MAX_DELAY_S) refuse(`${k} must lie in [0, ${MAX_DELAY_S}] s`);
  if (def.type === 'ROC') {
    if (next.limit! <= 0) refuse('a rate-of-change limit must be positive');
    return;
  }
  const at = (type: string): number | undefined =>
    type === def.type ? next.limit : siblings.find((s) => s.type === type)?.limit;
  const present = LIMIT_ORDER.flatMap((t) => {
    const v = at(t);
    return v === undefined ? [] : [[t, v] as const];
  });
  for (let i = 1; i < present.length; i++) {
    const [lo, a] = present[i - 1]!;
    const [hi, b] = present[i]!;
    if (!(a < b)) refuse(`limits out of order: ${lo} ${a} must lie below ${hi} ${b}`);
  }
}

// Pre-checks an operator's new value against the tag's write limits (the gateway checks again; it is the authority).
import type { TagDefinitionDto } from '@zld/api';

export type WriteValue = number | boolean;

export type ParsedInput = { ok: true; value: WriteValue } | { ok: false; problem: string };

type Def = Pick<
  TagDefinitionDto,
  'name' | 'dataType' | 'states' | 'write' | 'writable' | 'unit' | 'range'
>;

/** Reads what the operator typed or picked: a number for analog tags, true/false or a state number for discrete. */
export function parseInput(def: Def, text: string): ParsedInput {
  const s = text.trim();
  if (def.dataType === 'bool') {
    if (s === '1' || s.toLowerCase() === 'true') return { ok: true, value: true };
    if (s === '0' || s.toLowerCase() === 'false') return { ok: true, value: false };
    return { ok: false, problem: 'choose one of the states' };
  }
  if (s === '') return { ok: false, problem: 'enter a value' };
  const n = Number(s);
  if (!Number.isFinite(n)) return { ok: false, problem: `"${s}" is not a number` };
  const integer = def.dataType !== 'float32' && def.dataType !== 'float64';
  if (integer && def.states !== undefined && !Number.isInteger(n)) {
    return { ok: false, problem: 'choose one of the states' };
  }
  return { ok: true, value: n };
}

/**
 * Problems with writing `next` over `current`: not writable, outside [write.min, write.max], a step
 * larger than write.maxStep, or not one of the discrete states. An empty list means the HMI lets the
 * operator confirm; the gateway still decides.
 */
export function writeProblems(
  def: Def,
  current: number | boolean | null,
  next: WriteValue,
): string[] {
  const out: string[] = [];
  if (!def.writable) out.push(`${def.name} is not writable`);
  if (typeof next === 'number') {
    const w = def.write ?? { critical: false };
    const unit = def.unit === '' ? '' : ` ${def.unit}`;
    if (w.min !== undefined && next < w.min) out.push(`below the write minimum ${w.min}${unit}`);
    if (w.max !== undefined && next > w.max) out.push(`above the write maximum ${w.max}${unit}`);
    if (
      w.maxStep !== undefined &&
      typeof current === 'number' &&
      Math.abs(next - current) > w.maxStep
    ) {
      out.push(`a change of more than ${w.maxStep}${unit} in one step`);
    }
    if (def.states !== undefined && def.states[String(next)] === undefined) {
      out.push('not one of the states');
    }
  } else if (def.dataType !== 'bool') {
    out.push('this tag takes a number');
  }
  return out;
}

/** Critical commands (pumps, discharge valves) need select-before-operate. */
export function needsSelect(def: Def): boolean {
  return def.write?.critical === true;
}

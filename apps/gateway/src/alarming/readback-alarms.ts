// "Write verification failed" alarms: one per writable tag, raised when a write's read-back disagrees, cleared once the PLC agrees.
import type { AlarmInput } from '@zld/alarms';
import type { AlarmDef, Plant, TagDef } from '@zld/plant';
import { SEVERITY } from '@zld/plant';
import { isGood, readbackTolerance, type TagValue } from '@zld/tags';

/** A failed read-back, as the command service reports it (its `ReadbackFailure` has these fields). */
export interface ReadbackFailureInput {
  tag: string;
  requested: number | boolean;
  readBack?: number | boolean | null;
  message: string;
  user?: string;
}

/** The id of a tag's write-verification alarm. */
export const readbackAlarmId = (tag: string): string => `${tag}.WRITE-VERIFY`;

/** The input each write-verification alarm reads: true while a failure is pending. Not a plant tag. */
const inputOf = (tag: string): string => `~write-verify:${tag}`;

/**
 * The alarm definitions, one per writable tag. Priority high: the plant is not in the state the operator
 * commanded (GUESS; rationalise with the rest of the master alarm database). They are direct alarms on an
 * input the service answers itself, with no delay, so they activate at the next evaluation.
 */
export function readbackAlarmDefs(plant: Plant): AlarmDef[] {
  return plant.tags.filter((t) => t.writable).map(readbackAlarmDef);
}

function readbackAlarmDef(t: TagDef): AlarmDef {
  return {
    id: readbackAlarmId(t.name),
    tag: t.name,
    type: 'DIRECT',
    priority: 'high',
    severity: SEVERITY.high,
    message: `${t.name} WRITE VERIFICATION FAILED`,
    when: { tag: inputOf(t.name), op: 'eq', value: true, forS: 0 },
    deadband: 0,
    onDelayS: 0,
    offDelayS: 0,
    latched: false,
    cause: 'A write was sent to the PLC, but reading the point back did not confirm the value.',
    consequence: 'The plant may not be in the state the operator commanded.',
    action: 'Check the point locally and in the PLC, then write again or correct it by hand.',
    responseTimeS: 300,
    class: 'write-verification',
    rationale: 'Requirement 6.5: a failed read-back raises an alarm as well as an audit record.',
    approver: 'pending rationalisation',
  };
}

interface Pending {
  requested: number | boolean;
  tolerance: number;
}

/**
 * The failures not yet resolved. A failure resolves when the tag's value, with Good quality, agrees with
 * the requested value within the tag's read-back tolerance (the write took effect after all, or someone
 * set it by hand), or when `resolve(tag)` is called (a later write was verified). The alarm then returns
 * to normal, and stays listed until acknowledged. Pending failures live in memory only.
 */
export class ReadbackFailures {
  private readonly pending = new Map<string, Pending>();
  private readonly writable: ReadonlyMap<string, TagDef>;

  constructor(plant: Plant) {
    this.writable = new Map(plant.tags.filter((t) => t.writable).map((t) => [t.name, t]));
  }

  /** Records a failure; false when the tag has no write-verification alarm. */
  add(f: ReadbackFailureInput): boolean {
    const tag = this.writable.get(f.tag);
    if (tag === undefined) return false;
    this.pending.set(f.tag, {
      requested: f.requested,
      tolerance: readbackTolerance(tag, f.requested),
    });
    return true;
  }

  resolve(tag: string): void {
    this.pending.delete(tag);
  }

  /** Drops every failure the current values now confirm. */
  settle(value: (tag: string) => TagValue | undefined): void {
    for (const [tag, p] of this.pending) {
      const v = value(tag);
      if (v && isGood(v.quality) && agrees(v.value, p.requested, p.tolerance))
        this.pending.delete(tag);
    }
  }

  /** The alarm input of `name` when it is a write-verification input, else undefined. */
  input(name: string): AlarmInput | undefined {
    if (!name.startsWith('~write-verify:')) return undefined;
    return { value: this.pending.has(name.slice('~write-verify:'.length)), quality: 'Good' };
  }
}

function agrees(value: TagValue['value'], want: number | boolean, tolerance: number): boolean {
  if (typeof want === 'boolean' || typeof value === 'boolean')
    return Number(value) === Number(want);
  return value !== null && Math.abs(value - want) <= tolerance;
}

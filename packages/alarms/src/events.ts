// Journal events: one record per alarm state change, numbered in order; the journal store itself lives elsewhere.
import type { AlarmDef, Priority } from '@zld/plant';
import type { Quality, Value } from '@zld/tags';
import type { AlarmEventKind } from './constants.js';
import { flagsOf, isaStateOf, type AlarmFlags, type AlarmState, type IsaState } from './state.js';

export { ALARM_EVENT_KINDS } from './constants.js';
export type { AlarmEventKind } from './constants.js';

export interface AlarmEvent {
  /** Journal sequence number, strictly increasing; also the EventId an ack refers to. */
  seq: number;
  /** Epoch ms. */
  ts: number;
  alarmId: string;
  tag: string;
  priority: Priority;
  kind: AlarmEventKind;
  from: IsaState;
  to: IsaState;
  /** The flags after the change. */
  flags: AlarmFlags;
  value: Value;
  quality: Quality;
  user?: string;
  /** The operator's comment or reason. */
  comment?: string;
}

/** Who did it and why, for events caused by a person. */
export interface Actor {
  user?: string;
  comment?: string;
}

/** Builds the event for a change of `st` that began in state `from`. */
export function makeEvent(
  seq: number,
  now: number,
  def: Pick<AlarmDef, 'id' | 'tag' | 'priority'>,
  kind: AlarmEventKind,
  from: IsaState,
  st: AlarmState,
  actor: Actor = {},
): AlarmEvent {
  return {
    seq,
    ts: now,
    alarmId: def.id,
    tag: def.tag,
    priority: def.priority,
    kind,
    from,
    to: isaStateOf(st),
    flags: flagsOf(st),
    value: st.value,
    quality: st.quality,
    ...(actor.user !== undefined ? { user: actor.user } : {}),
    ...(actor.comment !== undefined && actor.comment !== '' ? { comment: actor.comment } : {}),
  };
}

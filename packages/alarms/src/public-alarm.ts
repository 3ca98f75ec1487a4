// The alarm object of GET /api/alarms and the `alarms` socket event: definition text plus state, times as ISO-8601 UTC.
import type { AlarmDef, AlarmType, Priority } from '@zld/plant';
import { isGood, type Quality, type Value } from '@zld/tags';
import { unshelveTimeMs } from './shelving.js';
import {
  isAnnunciated,
  isaStateOf,
  type AlarmState,
  type IsaState,
  type Shelving,
} from './state.js';

export interface PublicAlarm {
  id: string;
  tag: string;
  type: AlarmType;
  message: string;
  priority: Priority;
  /** OPC UA severity, 1-1000. */
  severity: number;
  state: IsaState;
  active: boolean;
  acked: boolean;
  shelving: Shelving;
  suppressed: boolean;
  outOfService: boolean;
  latched: boolean;
  firstOut: boolean;
  /** Shown to the operator now (not shelved, suppressed or out of service). */
  annunciated: boolean;
  /** The raw condition (true while it still holds, e.g. before a latched alarm may be reset). */
  conditionActive: boolean | null;
  /** The notification an ack refers to. */
  eventId: number;
  activeSince: string | null;
  inactiveSince: string | null;
  ackedAt: string | null;
  ackedBy: string | null;
  ackComment: string | null;
  shelvedAt: string | null;
  shelvedUntil: string | null;
  shelvedBy: string | null;
  shelveReason: string | null;
  /** Milliseconds until the alarm unshelves by itself, at the time of the last evaluation. */
  unshelveTimeMs: number | null;
  outOfServiceBy: string | null;
  outOfServiceReason: string | null;
  lastChange: string | null;
  value: Value;
  quality: Quality;
  /** The input is Bad or Uncertain: the alarm state may not reflect the process. */
  questionable: boolean;
  limit: number | null;
  deadband: number;
  cause: string;
  consequence: string;
  action: string;
  responseTimeS: number;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export function toPublicAlarm(def: AlarmDef, st: AlarmState, now: number): PublicAlarm {
  return {
    id: def.id,
    tag: def.tag,
    type: def.type,
    message: def.message,
    priority: def.priority,
    severity: def.severity,
    state: isaStateOf(st),
    active: st.active,
    acked: st.acked,
    shelving: st.shelving,
    suppressed: st.suppressed,
    outOfService: st.outOfService,
    latched: st.latched,
    firstOut: st.firstOut,
    annunciated: isAnnunciated(st),
    conditionActive: st.condition,
    eventId: st.eventId,
    activeSince: iso(st.activeSince),
    inactiveSince: iso(st.inactiveSince),
    ackedAt: iso(st.ackedAt),
    ackedBy: st.ackedBy,
    ackComment: st.ackComment,
    shelvedAt: iso(st.shelvedAt),
    shelvedUntil: iso(st.unshelveAt),
    shelvedBy: st.shelvedBy,
    shelveReason: st.shelveReason,
    unshelveTimeMs: unshelveTimeMs(st, now),
    outOfServiceBy: st.outOfServiceBy,
    outOfServiceReason: st.outOfServiceReason,
    lastChange: iso(st.lastChange),
    value: st.value,
    quality: st.quality,
    questionable: !isGood(st.quality),
    limit: def.limit ?? null,
    deadband: def.deadband,
    cause: def.cause,
    consequence: def.consequence,
    action: def.action,
    responseTimeS: def.responseTimeS,
  };
}

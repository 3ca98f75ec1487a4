// The alarm state model: independent flags per alarm, and the ISA-18.2 state derived from them.
import type { Quality, Value } from '@zld/tags';
import type { IsaState, Shelving } from './constants.js';

export { ISA_STATES, SHELVING_STATES } from './constants.js';
export type { IsaState, Shelving } from './constants.js';

/** The independent flags of one alarm (OPC UA Part 9 two-state variables and shelving state). */
export interface AlarmFlags {
  active: boolean;
  acked: boolean;
  shelving: Shelving;
  /** Suppressed by design (the alarm's `suppressWhen` holds). */
  suppressed: boolean;
  outOfService: boolean;
  /** A latching alarm that has activated and waits for a reset. */
  latched: boolean;
  /** The first alarm of its first-out group to activate, until the group resets. */
  firstOut: boolean;
}

/** Everything the engine remembers about one alarm; plain JSON, so it can be persisted as is. */
export interface AlarmState extends AlarmFlags {
  id: string;
  /** When the current (or last) activation began, epoch ms. */
  activeSince: number | null;
  /** When the alarm last returned to inactive, epoch ms. */
  inactiveSince: number | null;
  ackedAt: number | null;
  ackedBy: string | null;
  ackComment: string | null;
  shelvedAt: number | null;
  /** When a shelved alarm unshelves by itself, epoch ms. */
  unshelveAt: number | null;
  shelvedBy: string | null;
  shelveReason: string | null;
  outOfServiceBy: string | null;
  outOfServiceReason: string | null;
  /** The journal sequence number of the notification an ack refers to (0: none yet). */
  eventId: number;
  /** The last time any flag changed, epoch ms. */
  lastChange: number | null;
  /** The input as last evaluated. */
  value: Value;
  quality: Quality;
  /** The raw condition after deadband and before delays: true, false, or null when unknown. */
  condition: boolean | null;
  /** On-delay: since when the condition has held while the alarm is inactive. */
  pendingSince: number | null;
  /** Off-delay: since when the condition has been clear (with good quality) while the alarm is active. */
  clearingSince: number | null;
  /** `forS` timers of condition comparisons, by path. */
  timers: Record<string, number>;
  /** Rate-of-change samples `[t, value]` inside the rate window. */
  samples: [number, number][];
}

/** A fresh alarm: normal, acknowledged, unshelved, in service, waiting for its first input. */
export function initialAlarmState(id: string): AlarmState {
  return {
    id,
    active: false,
    acked: true,
    shelving: 'Unshelved',
    suppressed: false,
    outOfService: false,
    latched: false,
    firstOut: false,
    activeSince: null,
    inactiveSince: null,
    ackedAt: null,
    ackedBy: null,
    ackComment: null,
    shelvedAt: null,
    unshelveAt: null,
    shelvedBy: null,
    shelveReason: null,
    outOfServiceBy: null,
    outOfServiceReason: null,
    eventId: 0,
    lastChange: null,
    value: null,
    quality: 'Bad_WaitingForInitialData',
    condition: null,
    pendingSince: null,
    clearingSince: null,
    timers: {},
    samples: [],
  };
}

/** The ISA-18.2 state: out-of-service, then shelved, then suppressed hide the alarm state below them. */
export function isaStateOf(f: AlarmFlags): IsaState {
  if (f.outOfService) return 'Out-of-service';
  if (f.shelving !== 'Unshelved') return 'Shelved';
  if (f.suppressed) return 'Suppressed';
  if (f.active) return f.acked ? 'Ack-Active' : 'Unack-Active';
  return f.acked ? 'Normal' : 'RTN-Unack';
}

/** Annunciated to the operator: not shelved, suppressed or out of service (OPC UA SuppressedOrShelved=false). */
export function isAnnunciated(f: AlarmFlags): boolean {
  return !f.outOfService && f.shelving === 'Unshelved' && !f.suppressed;
}

/** Listed (GET /api/alarms): any state other than Normal. */
export function isListed(f: AlarmFlags): boolean {
  return isaStateOf(f) !== 'Normal';
}

/** The flags alone, copied (for journal events). */
export function flagsOf(s: AlarmFlags): AlarmFlags {
  return {
    active: s.active,
    acked: s.acked,
    shelving: s.shelving,
    suppressed: s.suppressed,
    outOfService: s.outOfService,
    latched: s.latched,
    firstOut: s.firstOut,
  };
}

// Which journal events count as alarms presented to an operator, and the operator position each belongs to.
import type { AlarmEvent } from './events.js';
import { isAnnunciated } from './state.js';

/** Maps an event to an operator position (console); the default puts every alarm on one position. */
export type PositionOf = (e: AlarmEvent) => string;

export const ONE_POSITION: PositionOf = () => 'all';

/** An activation or re-alarm that the operator saw (not shelved, suppressed or out of service). */
export function isAnnunciation(e: AlarmEvent): boolean {
  return (e.kind === 'activate' || e.kind === 'realarm') && isAnnunciated(e.flags);
}

/** Annunciations with from <= ts < to, in time order. */
export function annunciations(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
): AlarmEvent[] {
  return events
    .filter((e) => e.ts >= from && e.ts < to && isAnnunciation(e))
    .sort((a, b) => a.ts - b.ts || a.seq - b.seq);
}

/** Groups events by position, keeping their order. */
export function byPosition(
  events: readonly AlarmEvent[],
  positionOf: PositionOf,
): Map<string, AlarmEvent[]> {
  const out = new Map<string, AlarmEvent[]>();
  for (const e of events) {
    const p = positionOf(e);
    const list = out.get(p) ?? [];
    list.push(e);
    out.set(p, list);
  }
  return out;
}

// Pure alarm-list logic: annunciation, flashing, counts per priority, sorting and filtering.
import type { Priority } from '@zld/api';
import type { AlarmView } from './plant-views.js';
import { PRIORITY_ORDER, priorityRank } from './priority.js';
import { toMs } from './time.js';

/** Shown to the operator now: not shelved, suppressed or out of service. */
export function isAnnunciated(a: AlarmView): boolean {
  if (a.annunciated !== undefined) return a.annunciated;
  return a.state !== 'Shelved' && a.state !== 'Suppressed' && a.state !== 'Out-of-service';
}

/** Only unacknowledged, annunciated alarms flash; flashing stops on ack. */
export function isFlashing(a: AlarmView): boolean {
  return !a.acked && isAnnunciated(a);
}

/**
 * Active and annunciated: the only case an alarm colour is drawn (on an element bound to the alarm).
 * A returned-to-normal alarm still waiting for its ack keeps its shape and number and flashes, in grey.
 */
export function isAlarmColoured(a: AlarmView): boolean {
  return isAnnunciated(a) && a.active;
}

/** Drawn on graphics: active, or waiting for an ack, and annunciated. */
export function isIndicated(a: AlarmView): boolean {
  return isAnnunciated(a) && (a.active || !a.acked);
}

export type PriorityCounts = Record<Priority, number>;

/** Unacknowledged, annunciated alarms per priority (the banner on every display). */
export function unackCounts(alarms: readonly AlarmView[]): PriorityCounts {
  const counts = Object.fromEntries(PRIORITY_ORDER.map((p) => [p, 0])) as PriorityCounts;
  for (const a of alarms) if (isFlashing(a) && a.priority in counts) counts[a.priority] += 1;
  return counts;
}

export type AlarmSortKey = 'priority' | 'time' | 'tag' | 'state';

const STATE_RANK: Readonly<Record<string, number>> = {
  'Unack-Active': 0,
  'RTN-Unack': 1,
  'Ack-Active': 2,
  Shelved: 3,
  Suppressed: 4,
  'Out-of-service': 5,
  Normal: 6,
};

const timeOf = (a: AlarmView) =>
  toMs(a.activeSince ?? a.lastChange ?? a.inactiveSince ?? null) || 0;

/** A comparator; `priority` sorts by priority, then unacked first, then newest first. */
export function compareAlarms(
  key: AlarmSortKey,
  descending = false,
): (a: AlarmView, b: AlarmView) => number {
  const byTimeDesc = (a: AlarmView, b: AlarmView) => timeOf(b) - timeOf(a);
  const base = (a: AlarmView, b: AlarmView): number => {
    switch (key) {
      case 'priority':
        return (
          priorityRank(a.priority) - priorityRank(b.priority) ||
          (STATE_RANK[a.state] ?? 9) - (STATE_RANK[b.state] ?? 9) ||
          byTimeDesc(a, b)
        );
      case 'time':
        return byTimeDesc(a, b) || priorityRank(a.priority) - priorityRank(b.priority);
      case 'tag':
        return a.tag.localeCompare(b.tag) || a.id.localeCompare(b.id);
      case 'state':
        return (STATE_RANK[a.state] ?? 9) - (STATE_RANK[b.state] ?? 9) || byTimeDesc(a, b);
    }
  };
  return descending ? (a, b) => base(b, a) : base;
}

export interface AlarmFilter {
  priorities?: readonly Priority[];
  /** `unacked`: Unack-Active and RTN-Unack; `active`: active now; `shelved`: shelved/suppressed/OOS. */
  show?: 'all' | 'unacked' | 'active' | 'shelved';
  text?: string;
  /** Only alarms of tags in these areas (needs `areaOf`). */
  areas?: readonly string[];
}

export function filterAlarms(
  alarms: readonly AlarmView[],
  f: AlarmFilter,
  areaOf: (tag: string) => string | undefined = () => undefined,
): AlarmView[] {
  const text = f.text?.trim().toLowerCase() ?? '';
  return alarms.filter((a) => {
    if (f.priorities && f.priorities.length > 0 && !f.priorities.includes(a.priority)) return false;
    if (f.show === 'unacked' && a.acked) return false;
    if (f.show === 'active' && !a.active) return false;
    if (f.show === 'shelved' && isAnnunciated(a)) return false;
    if (f.areas && f.areas.length > 0) {
      const area = areaOf(a.tag);
      if (area === undefined || !f.areas.includes(area)) return false;
    }
    if (text !== '') {
      const hay = `${a.id} ${a.tag} ${a.message}`.toLowerCase();
      if (!hay.includes(text)) return false;
    }
    return true;
  });
}

/** The most urgent annunciated alarms, for the overview. */
export function topAlarms(alarms: readonly AlarmView[], n: number): AlarmView[] {
  return alarms.filter(isAnnunciated).sort(compareAlarms('priority')).slice(0, n);
}

/** The alarms bound to one tag (or to any tag of a piece of equipment, by name prefix). */
export function alarmsOfTag(alarms: readonly AlarmView[], tag: string): AlarmView[] {
  return alarms.filter((a) => a.tag === tag || a.tag.startsWith(`${tag}.`));
}

/** The most urgent indicated alarm of a set (drives the marking of a graphic element), or null. */
export function worstAlarm(alarms: readonly AlarmView[]): AlarmView | null {
  const shown = alarms.filter(isIndicated).sort(compareAlarms('priority'));
  return shown[0] ?? null;
}

// Loads what a replay needs: every tag's history over the window, the alarm journal (with lead-in) and the audit trail.
import type { AuditRecordDto, TagDefinitionDto } from '@zld/api';
import { fetchJournal } from '../api/alarm-api.js';
import { fetchAudit } from '../api/audit-api.js';
import { fetchHistory } from '../api/history-api.js';
import { sortJournal } from '../model/replay-state.js';
import { DAY } from '../model/time.js';
import type { ReplayData } from './replay-store.js';

/** Journal read before the window so alarms already standing at its start are known. */
export const JOURNAL_LEAD_IN_MS = DAY;

/** About one point per second of plant time, within [60, 1500] per tag. */
export function replayMaxPoints(from: number, to: number): number {
  return Math.max(60, Math.min(1500, Math.round((to - from) / 1000)));
}

export async function loadReplay(
  defs: ReadonlyMap<string, TagDefinitionDto>,
  from: number,
  to: number,
  withAudit: boolean,
  signal?: AbortSignal,
): Promise<ReplayData> {
  const tags = [...defs.keys()];
  const [history, journal, audit] = await Promise.all([
    fetchHistory({ tags, from, to, maxPoints: replayMaxPoints(from, to) }, signal),
    fetchJournal(from - JOURNAL_LEAD_IN_MS, to, signal),
    withAudit
      ? fetchAudit(from, to, signal).catch(() => [] as AuditRecordDto[])
      : Promise.resolve([] as AuditRecordDto[]),
  ]);
  return {
    from,
    to,
    series: new Map(history.map((s) => [s.name, s])),
    journal: sortJournal(journal),
    audit,
  };
}

// `GET /api/alarms/journal?from&to`: every alarm state change in a window.
import { API_ROUTES } from '@zld/api';
import type { AlarmJournalEntryDto } from '../../api/dto.js';
import { request } from '../../api/http.js';

export function fetchJournal(
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<AlarmJournalEntryDto[]> {
  return request<AlarmJournalEntryDto[] | { entries: AlarmJournalEntryDto[] }>(
    API_ROUTES.alarmJournal,
    {
      query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      ...(signal ? { signal } : {}),
    },
  ).then((r) => (Array.isArray(r) ? r : r.entries));
}

// Alarm operator and engineer actions through the REST API (ack, shelve, unshelve, settings), and the journal.
import { API_ROUTES, type AlarmJournalEntryDto, type AlarmSettingsRequestDto } from '@zld/api';
import { ApiError, AwaitingApproval, request } from './http.js';

export interface ActionResult {
  id: string;
  ok: boolean;
  message: string;
}

async function each(
  ids: readonly string[],
  one: (id: string) => Promise<unknown>,
): Promise<ActionResult[]> {
  return Promise.all(
    ids.map(async (id) => {
      try {
        await one(id);
        return { id, ok: true, message: 'done' };
      } catch (err) {
        if (err instanceof AwaitingApproval)
          return { id, ok: true, message: 'awaiting approval by a second user' };
        const message = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
        return { id, ok: false, message };
      }
    }),
  );
}

export function ackAlarms(ids: readonly string[], comment: string): Promise<ActionResult[]> {
  const body = comment.trim() === '' ? {} : { comment: comment.trim() };
  return each(ids, (id) => request(API_ROUTES.alarmAck, { params: { id }, body }));
}

export function shelveAlarms(
  ids: readonly string[],
  minutes: number,
  reason: string,
): Promise<ActionResult[]> {
  return each(ids, (id) =>
    request(API_ROUTES.alarmShelve, { params: { id }, body: { minutes, reason } }),
  );
}

export function unshelveAlarms(ids: readonly string[]): Promise<ActionResult[]> {
  return each(ids, (id) => request(API_ROUTES.alarmUnshelve, { params: { id }, body: {} }));
}

/** An engineer changes a limit alarm's settings (the answer is the alarm as it stands after). */
export async function changeAlarmSettings(
  id: string,
  change: AlarmSettingsRequestDto,
): Promise<void> {
  await request(API_ROUTES.alarmSettings, { params: { id }, body: change });
}

/** `GET /api/alarms/journal?from&to`: every alarm state change in a window. */
export function fetchJournal(
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<AlarmJournalEntryDto[]> {
  return request(API_ROUTES.alarmJournal, {
    query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    ...(signal ? { signal } : {}),
  });
}

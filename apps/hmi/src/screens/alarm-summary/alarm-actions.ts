// Alarm operator actions through the REST API: acknowledge and shelve one or many, unshelve; failures per alarm.
import { API_ROUTES } from '@zld/api';
import { ApiError, request } from '../../api/http.js';

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

// History requests: `GET /api/history` into Series, and the `/api/history.csv` link for the same window.
import { API_ROUTES } from '@zld/api';
import { urlOf, request } from '../../api/http.js';
import { parseHistory } from '../../api/parse-history.js';
import type { Series } from '../../model/history-series.js';

/** The historian answers at most this many tags per request; larger sets are split. */
export const TAGS_PER_REQUEST = 64;

export interface HistoryWindow {
  tags: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

const query = (w: HistoryWindow) => ({
  tags: w.tags.join(','),
  from: new Date(w.from).toISOString(),
  to: new Date(w.to).toISOString(),
  maxPoints: w.maxPoints,
});

export async function fetchHistory(w: HistoryWindow, signal?: AbortSignal): Promise<Series[]> {
  const out: Series[] = [];
  for (let i = 0; i < w.tags.length; i += TAGS_PER_REQUEST) {
    const tags = w.tags.slice(i, i + TAGS_PER_REQUEST);
    const body = await request<unknown>(API_ROUTES.history, {
      query: query({ ...w, tags }),
      ...(signal ? { signal } : {}),
    });
    out.push(...parseHistory(body, tags));
  }
  return out;
}

/** The CSV export of the same window (the gateway renders it). */
export function historyCsvUrl(w: HistoryWindow): string {
  return urlOf(API_ROUTES.historyCsv, {}, query(w));
}

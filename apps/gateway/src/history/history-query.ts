// Reads `?tags=A,B&from&to&maxPoints` into a checked history request, or refuses it with a plain 400 (pure).
import type { HistoryQueryDto } from '@zld/api';
import { ApiError } from '../http/api-error.js';

/** Bounds of one history request (each a GUESS at what a trend or an export reasonably needs). */
export interface HistoryLimits {
  /** Tags per request; the HMI splits larger sets at this size (the historian's own limit). */
  maxTags: number;
  /** maxPoints per tag, from 2. */
  maxPoints: number;
  /** maxPoints when the request gives none. */
  defaultMaxPoints: number;
  /** tags x maxPoints per request: bounds the answer's size. */
  maxTotalPoints: number;
  /** Longest window. */
  maxWindowMs: number;
  /** How far past the gateway clock's now `to` may lie (a live trend asks a little ahead). */
  maxFutureMs: number;
}

const DAY_MS = 86_400_000;

/** A duration as people say it: `400 days`, `24 h`, `5 min`. */
const span = (ms: number): string =>
  ms >= DAY_MS && ms % DAY_MS === 0
    ? `${ms / DAY_MS} day${ms === DAY_MS ? '' : 's'}`
    : ms >= 3_600_000
      ? `${Math.round(ms / 360_000) / 10} h`
      : `${Math.round(ms / 6000) / 10} min`;

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  maxTags: 64,
  maxPoints: 10_000,
  defaultMaxPoints: 1000,
  maxTotalPoints: 200_000,
  maxWindowMs: 400 * DAY_MS,
  maxFutureMs: DAY_MS,
};

/** A checked request: known tags (order kept, duplicates dropped), epoch ms, half-open [from, to). */
export interface HistoryRequest {
  tags: string[];
  from: number;
  to: number;
  maxPoints: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * An ISO-8601 date-time with a zone (`2025-03-01T12:00:00Z`, `...+01:00`; seconds and fractions
 * optional) as epoch ms, fractions below the millisecond cut off. Anything else, and impossible dates
 * such as February 30, are refused.
 */
export function parseIsoTime(text: string, what: string): number {
  const m = ISO.exec(text);
  const bad = () =>
    new ApiError(
      'BAD_REQUEST',
      `${what} must be an ISO-8601 time with a zone, e.g. 2025-03-01T12:00:00Z (got ${JSON.stringify(text)})`,
    );
  if (!m) throw bad();
  const n = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(local);
  if (
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    n(10) > 23 ||
    n(11) > 59
  )
    throw bad();
  const offsetMin = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (n(10) * 60 + n(11));
  return local - offsetMin * 60_000;
}

/** Checks a history querystring against the plant's tags and the clock; throws an ApiError (400) naming the problem. */
export function parseHistoryRequest(
  q: HistoryQueryDto,
  ctx: { isKnown: (name: string) => boolean; now: number; limits?: HistoryLimits },
): HistoryRequest {
  const limits = ctx.limits ?? DEFAULT_HISTORY_LIMITS;
  const names = q.tags.split(',').map((s) => s.trim());
  if (names.some((s) => s === ''))
    throw new ApiError('BAD_REQUEST', 'tags must be a comma-separated list of tag names');
  const tags = [...new Set(names)];
  if (tags.length > limits.maxTags)
    throw new ApiError(
      'BAD_REQUEST',
      `too many tags: ${tags.length} asked, at most ${limits.maxTags} per request`,
    );
  const unknown = tags.filter((t) => !ctx.isKnown(t));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ', ...' : '');
    throw new ApiError('UNKNOWN_TAG', `unknown tag${unknown.length > 1 ? 's' : ''}: ${shown}`, 400);
  }
  const from = parseIsoTime(q.from, 'from');
  const to = parseIsoTime(q.to, 'to');
  if (from < 0) throw new ApiError('BAD_REQUEST', 'from must not be before 1970-01-01T00:00:00Z');
  if (to <= from) throw new ApiError('BAD_REQUEST', 'to must be after from');
  if (to - from > limits.maxWindowMs)
    throw new ApiError('BAD_REQUEST', `the window is longer than ${span(limits.maxWindowMs)}`);
  if (to > ctx.now + limits.maxFutureMs)
    throw new ApiError(
      'BAD_REQUEST',
      `to lies more than ${span(limits.maxFutureMs)} in the future`,
    );
  const maxPoints = q.maxPoints ?? limits.defaultMaxPoints;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 2 || maxPoints > limits.maxPoints)
    throw new ApiError('BAD_REQUEST', `maxPoints must be an integer from 2 to ${limits.maxPoints}`);
  if (tags.length * maxPoints > limits.maxTotalPoints)
    throw new ApiError(
      'BAD_REQUEST',
      `${tags.length} tags x ${maxPoints} points is more than ${limits.maxTotalPoints} points per request: ask for fewer tags or points`,
    );
  return { tags, from, to, maxPoints };
}

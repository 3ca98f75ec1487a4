// History requests: `GET /api/history` into Series (checked, strict), and the `/api/history.csv` link for the same window.
import { API_ROUTES, type HistoryResponseDto, type HistorySeriesDto } from '@zld/api';
import { sampleOf, type Sample, type Series } from '../model/history-series.js';
import { malformedAnswer, request, urlOf } from './http.js';

/** The historian answers at most this many tags per request; larger sets are split. */
export const TAGS_PER_REQUEST = 64;

export interface HistoryWindow {
  tags: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

const WHAT = `${API_ROUTES.history.method} ${API_ROUTES.history.path}`;

const query = (w: HistoryWindow) => ({
  tags: w.tags.join(','),
  from: new Date(w.from).toISOString(),
  to: new Date(w.to).toISOString(),
  maxPoints: w.maxPoints,
});

function timeOf(text: string, where: string): number {
  const t = Date.parse(text);
  if (!Number.isFinite(t)) throw malformedAnswer(WHAT, [`${where}: not a time: ${text}`]);
  return t;
}

function sortByTime(samples: Sample[]): Sample[] {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.t < samples[i - 1]!.t) return [...samples].sort((a, b) => a.t - b.t);
  }
  return samples;
}

function bucketSamples(s: HistorySeriesDto): Sample[] {
  const { buckets, qualities } = s;
  if (buckets === undefined || qualities === undefined || qualities.length !== buckets.length)
    throw malformedAnswer(WHAT, [`${s.name}: buckets without one quality per bucket`]);
  return buckets.map((b, i) => {
    const [t, ...values] = b;
    if (typeof t !== 'string' || values.length !== 4 || values.some((v) => typeof v === 'string'))
      throw malformedAnswer(WHAT, [`${s.name}/buckets/${i}: not [t, min, mean, max, last]`]);
    const [min, mean, max, last] = values as (number | null)[];
    return {
      t: timeOf(t, `${s.name}/buckets/${i}`),
      min: min ?? null,
      mean: mean ?? null,
      max: max ?? null,
      last: last ?? null,
      quality: qualities[i]!,
    };
  });
}

/** One series of a checked answer as the HMI draws it: raw points or buckets, ordered by time. */
export function seriesOf(s: HistorySeriesDto): Series {
  if (s.mode === 'buckets')
    return {
      name: s.name,
      kind: 'buckets',
      bucketMs: s.bucketMs ?? null,
      samples: sortByTime(bucketSamples(s)),
    };
  if (s.points === undefined) throw malformedAnswer(WHAT, [`${s.name}: raw series without points`]);
  const samples = s.points.map((p, i) =>
    sampleOf(timeOf(p.ts, `${s.name}/points/${i}`), p.value, p.quality),
  );
  return { name: s.name, kind: 'raw', bucketMs: null, samples: sortByTime(samples) };
}

/** The series of `asked`, in that order; the gateway answers one per tag asked, and a missing one is an error. */
export function seriesFor(answer: HistoryResponseDto, asked: readonly string[]): Series[] {
  const byName = new Map(answer.series.map((s) => [s.name, s] as const));
  return asked.map((name) => {
    const s = byName.get(name);
    if (s === undefined) throw malformedAnswer(WHAT, [`no series for ${name}`]);
    return seriesOf(s);
  });
}

export async function fetchHistory(w: HistoryWindow, signal?: AbortSignal): Promise<Series[]> {
  const out: Series[] = [];
  for (let i = 0; i < w.tags.length; i += TAGS_PER_REQUEST) {
    const tags = w.tags.slice(i, i + TAGS_PER_REQUEST);
    const answer = await request(API_ROUTES.history, {
      query: query({ ...w, tags }),
      ...(signal ? { signal } : {}),
    });
    out.push(...seriesFor(answer, tags));
  }
  return out;
}

/** The CSV export of the same window (the gateway renders it). */
export function historyCsvUrl(w: HistoryWindow): string {
  return urlOf(API_ROUTES.historyCsv, {}, query(w));
}

// Reads a `GET /api/history` answer into Series, tolerating the shapes a gateway may reasonably send.
import type { Quality } from './dto.js';
import { sampleOf, type Sample, type Series } from '../model/history-series.js';
import { toMs } from '../model/time.js';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const time = (x: unknown): number =>
  typeof x === 'number' || typeof x === 'string' ? toMs(x) : NaN;
const quality = (x: unknown): Quality | null =>
  typeof x === 'string' && x !== '' ? (x as Quality) : null;

function bucketSample(b: unknown, q: unknown, bad: unknown, count: unknown): Sample | null {
  let s: Sample;
  if (Array.isArray(b)) {
    s = {
      t: time(b[0]),
      min: num(b[1]),
      mean: num(b[2]),
      max: num(b[3]),
      last: num(b[4]),
      quality: quality(b[5]) ?? quality(q),
    };
  } else if (isObj(b)) {
    s = {
      t: time(b.t ?? b.ts),
      min: num(b.min),
      mean: num(b.mean),
      max: num(b.max),
      last: num(b.last),
      quality: quality(b.quality) ?? quality(q),
    };
    bad = b.bad ?? bad;
    count = b.count ?? count;
  } else return null;
  if (!Number.isFinite(s.t)) return null;
  // A bucket whose every sample was Bad has no value worth drawing.
  if (typeof bad === 'number' && typeof count === 'number' && count > 0 && bad >= count) {
    s = { ...s, min: null, mean: null, max: null, last: null };
  }
  return s;
}

function pointSample(p: unknown): Sample | null {
  if (Array.isArray(p)) {
    const t = time(p[0]);
    const v = p[1];
    if (!Number.isFinite(t)) return null;
    return sampleOf(
      t,
      typeof v === 'number' || typeof v === 'boolean' ? v : null,
      quality(p[2]) ?? 'Good',
    );
  }
  if (!isObj(p)) return null;
  const t = time(p.ts ?? p.t);
  if (!Number.isFinite(t)) return null;
  const v = p.value ?? p.v;
  return sampleOf(
    t,
    typeof v === 'number' || typeof v === 'boolean' ? v : null,
    quality(p.quality ?? p.q) ?? 'Good',
  );
}

function seriesOf(name: string, s: Obj): Series {
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  if (Array.isArray(s.buckets)) {
    const qs = list(s.qualities);
    const bad = list(s.bad);
    const count = list(s.count);
    const samples = s.buckets
      .map((b, i) => bucketSample(b, qs[i], bad[i], count[i]))
      .filter((x): x is Sample => x !== null);
    return { name, kind: 'buckets', bucketMs: num(s.bucketMs), samples: sortByTime(samples) };
  }
  const samples = list(s.points ?? s.values)
    .map(pointSample)
    .filter((x): x is Sample => x !== null);
  return { name, kind: 'raw', bucketMs: null, samples: sortByTime(samples) };
}

function sortByTime(samples: Sample[]): Sample[] {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.t < samples[i - 1]!.t) return [...samples].sort((a, b) => a.t - b.t);
  }
  return samples;
}

/**
 * Accepts `{series:[...]}`, a bare array of series, or an object keyed by tag name; each series with
 * `buckets` (tuples `[t,min,mean,max,last(,quality)]` or objects) or `points` (`{ts,value,quality}` or
 * tuples). Times may be ISO-8601 strings or epoch ms. Tags asked for but missing come back empty.
 */
export function parseHistory(body: unknown, asked: readonly string[] = []): Series[] {
  let raw: [string, Obj][] = [];
  const fromList = (xs: unknown[]) =>
    xs.filter(isObj).map((s): [string, Obj] => [String(s.name ?? s.tag ?? ''), s]);
  if (Array.isArray(body)) raw = fromList(body);
  else if (isObj(body) && Array.isArray(body.series)) raw = fromList(body.series);
  else if (isObj(body)) {
    const src = isObj(body.tags) ? body.tags : body;
    raw = Object.entries(src)
      .filter((e): e is [string, Obj] => isObj(e[1]))
      .map(([k, v]) => [k, v]);
  }
  const out = raw.filter(([name]) => name !== '').map(([name, s]) => seriesOf(name, s));
  for (const name of asked) {
    if (!out.some((s) => s.name === name))
      out.push({ name, kind: 'raw', bucketMs: null, samples: [] });
  }
  return asked.length > 0 ? asked.map((n) => out.find((s) => s.name === n)!) : out;
}

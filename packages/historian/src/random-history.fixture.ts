// Test fixture: seeded random histories (bursts, gaps, bad stretches, same-millisecond samples, samples on
// rollup boundaries), written as shuffled batches with replays, and random query windows with ragged edges.
import type { Quality } from '@zld/tags';
import type { HistoryPoint, HistoryQuery } from './historian.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const GOOD: Quality[] = ['Good', 'Good', 'Good', 'Good_LocalOverride'];
const UNCERTAIN: Quality[] = ['Uncertain_LastUsableValue', 'Uncertain_SensorNotAccurate'];
const BAD: Quality[] = ['Bad_CommunicationError', 'Bad_NoCommunication', 'Bad_Stale'];

/**
 * Per tag, about `perTag` samples over `spanMs` from `start`: 1 Hz and 5 Hz bursts, sparse samples,
 * gaps of hours, Bad stretches (value null), Uncertain samples, two samples in one millisecond, and
 * samples exactly on (and 1 ms before) minute, hour and day boundaries.
 */
export function randomHistory(
  seed: number,
  tags: readonly string[],
  start: number,
  spanMs: number,
  perTag = 3000,
): HistoryPoint[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: HistoryPoint[] = [];
  for (const name of tags) {
    const times: number[] = [];
    let t = start + Math.floor(rnd() * H);
    while (times.length < perTag && t < start + spanMs) {
      const mode = rnd();
      if (mode < 0.35) {
        const step = pick([S, S, 200]);
        for (let i = Math.floor(rnd() * 400); i > 0; i--) times.push((t += step));
      } else if (mode < 0.7) {
        times.push((t += Math.floor(rnd() * 20 * M)));
      } else if (mode < 0.8) {
        t += Math.floor(rnd() * 6 * H);
      } else if (mode < 0.9) {
        const w = pick([5 * S, M, 5 * M, H, 6 * H, D]);
        const edge = Math.ceil(t / w) * w;
        times.push(edge - 1, edge);
        t = edge;
      } else {
        times.push(t, t); // two samples in the same millisecond
      }
    }
    let value = 100 + rnd() * 300;
    let bad = false;
    times
      .filter((ts) => ts < start + spanMs)
      .forEach((ts, i) => {
        if (rnd() < 0.02) bad = !bad;
        value = Math.round((value + (rnd() - 0.5) * 20) * 1000) / 1000;
        const quality = bad ? pick(BAD) : rnd() < 0.05 ? pick(UNCERTAIN) : pick(GOOD);
        out.push({
          name,
          value: bad ? null : value,
          quality,
          ts,
          gatewayTs: ts + 5,
          tsOrigin: 'source',
          seq: i + 1,
          backfill: false,
        });
      });
  }
  return out;
}

/**
 * The points cut into random batches written in random order, then about a third of the batches
 * written again (some flagged backfill, as a replay from the buffer would be) and one batch holding
 * each of its points twice. Answers the batches and the stored points (the last write of each key wins).
 */
export function shuffledWrites(
  seed: number,
  points: readonly HistoryPoint[],
): { batches: HistoryPoint[][]; stored: HistoryPoint[] } {
  const rnd = random(seed);
  const batches: HistoryPoint[][] = [];
  for (let i = 0; i < points.length;) {
    const n = 1 + Math.floor(rnd() * 1500);
    batches.push(points.slice(i, i + n));
    i += n;
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [batches[i], batches[j]] = [batches[j]!, batches[i]!];
  }
  const replays = batches
    .filter(() => rnd() < 0.35)
    .map((b) => b.map((p) => ({ ...p, backfill: rnd() < 0.5 })));
  const doubled = batches[0] ? [...batches[0], ...batches[0]] : [];
  const all = [...batches, ...replays, doubled];
  const stored = new Map<string, HistoryPoint>();
  for (const p of all.flat()) stored.set(`${p.name}|${p.ts}|${p.seq}`, p);
  return { batches: all, stored: [...stored.values()] };
}

/** Random windows over [start, start + spanMs), mostly with ragged edges, from minutes to days long. */
export function randomQueries(
  seed: number,
  tags: readonly string[],
  start: number,
  spanMs: number,
  count: number,
): HistoryQuery[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: count }, () => {
    const length = Math.floor(Math.exp(Math.log(10 * M) + rnd() * Math.log(spanMs / (10 * M))));
    let from = start - H + Math.floor(rnd() * (spanMs + H - length / 2));
    if (rnd() < 0.25) from = Math.floor(from / H) * H; // some windows start on a boundary
    const to = rnd() < 0.25 ? Math.ceil((from + length) / M) * M : from + length;
    return { tags, from, to, maxPoints: pick([2, 3, 7, 20, 50, 120, 300, 1000]) };
  });
}

// Turns one window's sums into the reported window: terms, tanks, residual, closure % with its tolerance, and quality.
import { isBad, isUncertain, type Quality } from '@zld/tags';
import { sourcesKg, tankChangeKg, tankSigmaKg, termKg, termSigmaKg } from './balance-math.js';
import type { BalanceOptions, Layout, WindowSpec } from './layout.js';
import { isQuestionable, worse, worst } from './quality-rank.js';
import type { LimitState, TankResult, TermResult, WindowResult } from './result.js';
import type { WindowSums } from './window-sums.js';

/** The latest state of each channel, for quality. */
export interface ChannelStatus {
  quality: Quality;
  hasValue: boolean;
}

/** What the balance knows about one window before it is reported. */
export interface WindowInput {
  spec: WindowSpec;
  sums: WindowSums;
  filled: boolean;
  fillPct: number;
}

/**
 * A channel's quality over a window: Bad now -> its Bad code; substituted or missing at some time
 * in the window -> Uncertain_LastUsableValue; Uncertain now or earlier -> Uncertain; else Good.
 */
export function channelQuality(
  c: number,
  sums: WindowSums,
  status: readonly ChannelStatus[],
): Quality {
  const st = status[c]!;
  if (!st.hasValue) return isBad(st.quality) ? st.quality : 'Bad_WaitingForInitialData';
  if (isBad(st.quality)) return st.quality;
  if (sums.bad[c]! > 0) return 'Uncertain_LastUsableValue';
  if (isUncertain(st.quality)) return st.quality;
  if (sums.uncertain[c]! > 0) return 'Uncertain';
  return 'Good';
}

const hoursOf = (sums: WindowSums) => sums.spanS / 3600;
const rate = (kg: number, sums: WindowSums) => (sums.spanS > 0 ? kg / hoursOf(sums) : 0);
const iso = (ms: number) => new Date(ms).toISOString();

export function buildWindow(
  layout: Layout,
  input: WindowInput,
  status: readonly ChannelStatus[],
  options: BalanceOptions,
): WindowResult {
  const { spec, sums, filled } = input;
  const q = (c: number) => channelQuality(c, sums, status);

  const terms = layout.terms.map((t): TermResult => {
    const kg = termKg(t, sums);
    return {
      id: t.id,
      label: t.label,
      kind: t.kind,
      side: t.side,
      estimate: t.estimate,
      kg,
      kgH: rate(kg, sums),
      sigmaKg: termSigmaKg(t, sums),
      quality: worst(t.sources.map((s) => q(s.channel))),
      tags: t.tags,
    };
  });
  const tanks = layout.tanks.map((tank): TankResult => {
    const change = tankChangeKg(tank, sums);
    const start = sums.start[tank.channel]!;
    const end = sums.end[tank.channel]!;
    const known = Number.isFinite(change);
    return {
      tank: tank.tank,
      levelTag: tank.levelTag,
      unit: tank.unit,
      start: Number.isFinite(start) ? start : null,
      end: Number.isFinite(end) ? end : null,
      changeKg: known ? change : 0,
      sigmaKg: tankSigmaKg(tank, sums, options.binS, options.levelNoiseCorrelationS),
      quality: known ? q(tank.channel) : worse(q(tank.channel), 'Bad_WaitingForInitialData'),
    };
  });

  const ins = terms.filter((t) => t.side === 'in');
  const outs = terms.filter((t) => t.side === 'out');
  const sum = (xs: readonly { kg: number }[]) => xs.reduce((a, x) => a + x.kg, 0);
  const inKg = sum(ins);
  const outKg = sum(outs);
  const inventoryKg = tanks.reduce((a, t) => a + t.changeKg, 0);
  const inventorySigma = Math.hypot(...tanks.map((t) => t.sigmaKg));
  const inventoryQuality = worst(tanks.map((t) => t.quality));
  const residualKg = inKg - outKg - inventoryKg;
  const residualSigma = Math.hypot(inventorySigma, ...terms.map((t) => t.sigmaKg));
  const residualQuality = worse(worst(terms.map((t) => t.quality)), inventoryQuality);

  const norm = normaliser(layout, spec, sums, ins, q);
  const normOk = filled && norm !== null && norm.kgH >= options.minNormaliserKgH;
  const closurePct = normOk ? (100 * rate(residualKg, sums)) / norm.kgH : null;
  const uncertaintyPct = normOk ? (100 * rate(residualSigma, sums)) / norm.kgH : null;
  let quality = worse(residualQuality, norm?.quality ?? 'Good');
  if (!filled) quality = worse(quality, 'Uncertain_SubNormal');

  return {
    id: spec.id,
    seconds: spec.seconds,
    from: iso(sums.fromMs),
    to: iso(sums.toMs),
    spanS: sums.spanS,
    filled,
    fillPct: input.fillPct,
    in: ins,
    out: outs,
    inKgH: rate(inKg, sums),
    outKgH: rate(outKg, sums),
    inventory: {
      changeKg: inventoryKg,
      changeKgH: rate(inventoryKg, sums),
      sigmaKg: inventorySigma,
      quality: inventoryQuality,
      tanks,
    },
    residual: {
      kg: residualKg,
      kgH: rate(residualKg, sums),
      sigmaKg: residualSigma,
      sigmaKgH: rate(residualSigma, sums),
      quality: residualQuality,
    },
    normaliseBy: spec.normaliseBy ?? null,
    normaliserKgH: norm?.kgH ?? null,
    closurePct,
    uncertaintyPct,
    tolerancePct: spec.closurePct ?? null,
    limitState:
      closurePct === null || !spec.closurePct ? null : limitState(closurePct, spec.closurePct),
    quality,
    questionable: isQuestionable(quality),
  };
}

/** Gross water processed (the `processed` sources) or boundary inflow (the input terms), kg/h. */
function normaliser(
  layout: Layout,
  spec: WindowSpec,
  sums: WindowSums,
  ins: readonly TermResult[],
  q: (c: number) => Quality,
): { kgH: number; quality: Quality } | null {
  if (spec.normaliseBy === 'processed')
    return {
      kgH: rate(sourcesKg(layout.processed, sums), sums),
      quality: worst(layout.processed.map((s) => q(s.channel))),
    };
  if (spec.normaliseBy === 'boundaryIn') {
    const boundary = ins.filter((t) => t.kind === 'input');
    return {
      kgH: boundary.reduce((a, t) => a + t.kgH, 0),
      quality: worst(boundary.map((t) => t.quality)),
    };
  }
  return null;
}

/** Symmetric limits: + beyond H/HH is a loss, - beyond them a gain (L/LL). */
export function limitState(pct: number, limits: { H: number; HH: number }): LimitState {
  if (pct >= limits.HH) return 'HH';
  if (pct >= limits.H) return 'H';
  if (pct <= -limits.HH) return 'LL';
  if (pct <= -limits.H) return 'L';
  return 'normal';
}

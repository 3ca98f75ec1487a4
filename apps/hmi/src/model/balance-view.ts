// The water-balance diagram and ZLD status as display data, from the balance result (live) or its computed tags (replay).
import type { LimitName, Quality } from '@zld/api';
import { limitZone } from './mai-geometry.js';
import type { BalanceView, BalanceWindowView } from './plant-views.js';
import { severityOf } from './quality.js';

export interface Flow {
  id: string;
  label: string;
  kgH: number | null;
  quality: Quality;
  estimate: boolean;
}

export interface BalanceDiagram {
  windowId: string;
  filled: boolean;
  inputs: Flow[];
  outputs: Flow[];
  inventory: Flow;
  residual: Flow & { sigmaKgH: number | null };
  closurePct: number | null;
  tolerancePct: { H: number; HH: number } | null;
  limitState: BalanceWindowView['limitState'];
  quality: Quality;
  questionable: boolean;
}

const finite = (x: number | null | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

/** The diagram of one window (default: the first with a tolerance, else the first). */
export function balanceDiagram(b: BalanceView, windowId?: string): BalanceDiagram | null {
  const w =
    b.windows.find((x) => x.id === windowId) ??
    b.windows.find((x) => x.tolerancePct !== null) ??
    b.windows[0];
  if (!w) return null;
  const flow = (t: BalanceWindowView['in'][number]): Flow => ({
    id: t.id,
    label: t.label,
    kgH: finite(t.kgH),
    quality: t.quality,
    estimate: t.estimate ?? false,
  });
  return {
    windowId: w.id,
    filled: w.filled,
    inputs: w.in.map(flow),
    outputs: w.out.map(flow),
    inventory: {
      id: 'inventory',
      label: 'Inventory change',
      kgH: finite(w.inventory.changeKgH),
      quality: w.inventory.quality,
      estimate: false,
    },
    residual: {
      id: 'residual',
      label: 'Residual (+ loss)',
      kgH: finite(w.residual.kgH),
      quality: w.residual.quality,
      estimate: false,
      sigmaKgH: w.residual.sigmaKgH ?? null,
    },
    closurePct: w.closurePct,
    tolerancePct: w.tolerancePct,
    limitState: w.limitState,
    quality: w.quality,
    questionable: w.questionable ?? severityOf(w.quality) !== 'Good',
  };
}

export interface ClosureRow {
  id: string;
  closurePct: number | null;
  uncertaintyPct: number | null;
  tolerance: { H: number; HH: number } | null;
  /** `ok`, `H`, `HH` (loss beyond tolerance), `L`, `LL` (gain beyond), or `filling` before the window is full. */
  verdict: 'ok' | 'H' | 'HH' | 'L' | 'LL' | 'filling' | 'n/a';
  quality: Quality;
}

/** Closure error per window against its tolerance. */
export function closureRows(b: BalanceView): ClosureRow[] {
  return b.windows.map((w) => ({
    id: w.id,
    closurePct: w.closurePct,
    uncertaintyPct: w.uncertaintyPct ?? null,
    tolerance: w.tolerancePct,
    verdict: !w.filled
      ? 'filling'
      : w.tolerancePct === null || w.closurePct === null
        ? 'n/a'
        : w.limitState === null || w.limitState === 'normal'
          ? 'ok'
          : w.limitState,
    quality: w.quality,
  }));
}

/**
 * Discharge for the ZLD status: `none` is the only good answer; anything else is DETECTED or UNKNOWN. The plant's
 * discharge alarm being active (shelved or not) is a detection too: it also watches what the balance does not,
 * such as the outfall valve's position switch and the outfall sump.
 */
export function dischargeVerdict(
  b: BalanceView | null,
  dischargeAlarmActive = false,
): 'none' | 'DETECTED' | 'UNKNOWN' {
  if (dischargeAlarmActive) return 'DETECTED';
  if (!b) return 'UNKNOWN';
  const s = b.discharge.state;
  if (s === 'none') return severityOf(b.discharge.quality) === 'Bad' ? 'UNKNOWN' : 'none';
  if (s === 'unknown') return 'UNKNOWN';
  return 'DETECTED';
}

/** The computed balance tags (FY-9xx) a replay rebuilds the balance from. */
export interface ComputedBalanceTags {
  waterIn: string;
  waterOut: string;
  inventoryChange: string;
  residual: string;
  closure1h: string;
  closure24h: string;
  condensateRecovery: string;
}

type Reading = { value: number | null; quality: Quality };
type Limits = Partial<Record<LimitName, number>>;

/**
 * A balance result rebuilt from its computed tags (replay: history holds FY-9xx, not the full result).
 * Only 1 h totals exist as tags, so the diagram shows water in and out as totals. Tolerances and
 * recovery limits come from the computed tags' own alarm limits (tag definitions from the gateway).
 */
export function balanceFromTags(
  names: ComputedBalanceTags,
  get: (tag: string) => Reading | null,
  limitsOf: (tag: string) => Limits,
  discharge: { state: BalanceView['discharge']['state']; quality: Quality },
  ts: string,
): BalanceView {
  const v = (tag: string): Reading => get(tag) ?? { value: null, quality: 'Bad_NoCommunication' };
  const kg = (r: Reading) => r.value ?? Number.NaN;
  const tolerance = (tag: string) => {
    const l = limitsOf(tag);
    return l.H !== undefined && l.HH !== undefined ? { H: l.H, HH: l.HH } : null;
  };
  const limitState = (tag: string, r: Reading): BalanceWindowView['limitState'] =>
    r.value === null ? null : (limitZone(r.value, limitsOf(tag)) ?? 'normal');
  const term = (id: string, label: string, side: 'in' | 'out', tag: string) => {
    const r = v(tag);
    const kind = side === 'in' ? ('input' as const) : ('export' as const);
    return { id, label, kind, side, kgH: kg(r), quality: r.quality, tags: [tag] };
  };
  const window = (
    id: string,
    seconds: number,
    tag: string,
    withTerms: boolean,
  ): BalanceWindowView => {
    const c = v(tag);
    const inv = v(names.inventoryChange);
    const res = v(names.residual);
    return {
      id,
      seconds,
      filled: c.value !== null,
      in: withTerms ? [term('in', 'Water in (total)', 'in', names.waterIn)] : [],
      out: withTerms ? [term('out', 'Water out (total)', 'out', names.waterOut)] : [],
      inventory: { changeKgH: withTerms ? kg(inv) : Number.NaN, quality: inv.quality },
      residual: { kgH: withTerms ? kg(res) : Number.NaN, quality: res.quality },
      closurePct: c.value,
      tolerancePct: tolerance(tag),
      limitState: limitState(tag, c),
      quality: c.quality,
    };
  };
  const cr = v(names.condensateRecovery);
  const crLimits = limitsOf(names.condensateRecovery);
  const crState = limitState(names.condensateRecovery, cr);
  return {
    ts,
    quality: v(names.closure1h).quality,
    windows: [
      window('1h', 3600, names.closure1h, true),
      window('24h', 86400, names.closure24h, false),
    ],
    condensateRecovery: {
      pct: cr.value,
      lowPct: crLimits.L ?? Number.NaN,
      lowLowPct: crLimits.LL ?? Number.NaN,
      limitState:
        crState === 'L' || crState === 'LL' || crState === 'normal'
          ? crState
          : crState === null
            ? null
            : 'normal',
      quality: cr.quality,
    },
    discharge: { state: discharge.state, quality: discharge.quality },
  };
}

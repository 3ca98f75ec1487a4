// Compiles a plant's water-balance definition into channels, terms, tanks and windows with numeric factors.
import type {
  BalanceSource,
  BalanceTerm,
  BalanceWindow,
  Plant,
  TagDef,
  WaterBalanceDef,
} from '@zld/plant';
import type { LEVEL_UNITS as ALLOWED_LEVEL_UNITS } from '@zld/plant';

type LevelUnit = (typeof ALLOWED_LEVEL_UNITS)[number];

export type TermKind = BalanceTerm['kind'];
export type Side = 'in' | 'out';

/** Tuning of the balance; every field has a default (see DEFAULT_OPTIONS). */
export interface BalanceOptions {
  /** Width of one bin, seconds. */
  binS: number;
  /** Inventory endpoints are level averages over this long at each end of a window, seconds. */
  endpointS: number;
  /** A bin is closed once time has passed its end by this much (late samples still count), seconds. */
  latenessS: number;
  /** A sample stamped further than this ahead of the newest time seen (sample or `now`) is clamped, seconds. */
  maxFutureS: number;
  /** Level noise is treated as independent between samples this far apart, seconds. */
  levelNoiseCorrelationS: number;
  /** Meter accuracy (fraction of reading, 1 sigma) for tags that declare none. */
  defaultAccuracy: number;
  /** Relative uncertainty of estimated terms that declare none. */
  estimateUncertainty: number;
  /** Below this normaliser (kg/h) a closure % is not reported (plant stopped). */
  minNormaliserKgH: number;
}

export const DEFAULT_OPTIONS: Readonly<BalanceOptions> = {
  binS: 10,
  endpointS: 60,
  latenessS: 5,
  maxFutureS: 60,
  levelNoiseCorrelationS: 2,
  defaultAccuracy: 0.01,
  estimateUncertainty: 0.25,
  minNormaliserKgH: 1,
};

/** One source resolved: the channel it reads and kg of water per (channel value x hour). */
export interface SourceRef {
  channel: number;
  factor: number;
  /** Relative uncertainty of this source's mass (1 sigma). */
  accuracy: number;
}

export interface TermSpec {
  id: string;
  label: string;
  kind: TermKind;
  side: Side;
  sources: SourceRef[];
  constantKgH: number;
  estimate: boolean;
  /** Relative uncertainty of the whole term; when undefined, the sources' accuracies are used. */
  uncertainty: number | undefined;
  tags: string[];
}

export interface TankSpec {
  tank: string;
  levelTag: string;
  unit: string;
  channel: number;
  /** kg of water per unit of the level tag. */
  kgPerUnit: number;
  /** One reading's noise, 1 sigma, in the level tag's unit. */
  sigmaUnit: number;
}

export interface WindowSpec {
  id: string;
  seconds: number;
  normaliseBy: BalanceWindow['normaliseBy'];
  closurePct: { H: number; HH: number } | undefined;
}

export interface Layout {
  /** Each channel's tags: [tag] or [tag, percentTag]. */
  channels: string[][];
  channelsByTag: Map<string, number[]>;
  terms: TermSpec[];
  tanks: TankSpec[];
  processed: SourceRef[];
  distillate: SourceRef[];
  evaporated: SourceRef[];
  /** The channels the residual reads (terms and tanks). */
  residualChannels: number[];
  windows: WindowSpec[];
  /** The window behind the 1 h tags (normalised by processed water) and the 24 h closure tag. */
  tagWindow: number;
  dayWindow: number;
}

const SIDE: Record<TermKind, Side> = {
  input: 'in',
  reaction: 'in',
  solids: 'out',
  vapour: 'out',
  export: 'out',
  discharge: 'out',
};

/** The plant's balance definition; throws when the plant has none (a balance is not made for such a plant). */
export function balanceDef(plant: Plant): WaterBalanceDef {
  if (plant.waterBalance === undefined) throw new Error(`plant ${plant.id} has no water balance`);
  return plant.waterBalance;
}

/** Resolves the plant's balance definition (the loader has checked it: tanks sized, level units known). */
export function compileLayout(plant: Plant, options: BalanceOptions): Layout {
  const def = balanceDef(plant);
  const channels: string[][] = [];
  const channelsByTag = new Map<string, number[]>();
  const keys = new Map<string, number>();
  const channelOf = (tags: string[]): number => {
    const key = tags.join('*');
    const known = keys.get(key);
    if (known !== undefined) return known;
    const c = channels.length;
    channels.push(tags);
    keys.set(key, c);
    for (const t of tags) channelsByTag.set(t, [...(channelsByTag.get(t) ?? []), c]);
    return c;
  };
  const accuracyOf = (t: TagDef): number => t.accuracy ?? options.defaultAccuracy;
  const source = (s: BalanceSource): SourceRef => {
    const tags = s.percentTag === undefined ? [s.tag] : [s.tag, s.percentTag];
    const accuracy = Math.hypot(...tags.map((n) => accuracyOf(plant.tag(n))));
    return { channel: channelOf(tags), factor: s.factor, accuracy };
  };

  const terms = def.terms.map((t): TermSpec => ({
    id: t.id,
    label: t.label,
    kind: t.kind,
    side: SIDE[t.kind],
    sources: t.sources.map(source),
    constantKgH: t.constantKgH ?? 0,
    estimate: t.estimate,
    uncertainty: t.uncertainty ?? (t.estimate ? options.estimateUncertainty : undefined),
    tags: [...new Set(t.sources.flatMap((s) => (s.percentTag ? [s.tag, s.percentTag] : [s.tag])))],
  }));

  const tanks = def.inventories.map((inv): TankSpec => {
    const eq = plant.equipmentById.get(inv.tank);
    const tag = plant.tag(inv.levelTag);
    if (!eq?.areaM2 || !eq.heightM) throw new Error(`tank ${inv.tank} needs areaM2 and heightM`);
    const kgPerM = inv.waterKgPerL * 1000 * eq.areaM2;
    const perUnit = (LEVEL_UNITS as Record<string, ((heightM: number) => number) | undefined>)[
      tag.unit
    ];
    if (perUnit === undefined)
      throw new Error(`level tag ${tag.name} is in "${tag.unit}"; the balance reads %, m or mm`);
    const span = tag.range[1] - tag.range[0];
    return {
      tank: inv.tank,
      levelTag: inv.levelTag,
      unit: tag.unit,
      channel: channelOf([inv.levelTag]),
      kgPerUnit: kgPerM * perUnit(eq.heightM),
      sigmaUnit: (inv.levelNoisePct / 100) * span,
    };
  });

  const windows = def.windows.map((w): WindowSpec => ({
    id: w.id,
    seconds: w.seconds,
    normaliseBy: w.normaliseBy,
    closurePct: w.closurePct,
  }));
  const byNorm = (n: WindowSpec['normaliseBy']) => windows.findIndex((w) => w.normaliseBy === n);
  const nearest = (s: number) =>
    windows.reduce(
      (b, w, i) => (Math.abs(w.seconds - s) < Math.abs(windows[b]!.seconds - s) ? i : b),
      0,
    );
  const hour = byNorm('processed');
  const day = byNorm('boundaryIn');

  return {
    channels,
    channelsByTag,
    terms,
    tanks,
    residualChannels: [
      ...new Set([
        ...terms.flatMap((t) => t.sources.map((s) => s.channel)),
        ...tanks.map((t) => t.channel),
      ]),
    ],
    processed: def.processed.map(source),
    distillate: def.condensateRecovery.distillate.map(source),
    evaporated: def.condensateRecovery.evaporated.map(source),
    windows,
    tagWindow: hour >= 0 ? hour : nearest(3600),
    dayWindow: day >= 0 ? day : nearest(86400),
  };
}

/** Metres of liquid per unit of a level tag, given the tank height: one entry per unit the loader allows. */
const LEVEL_UNITS: Record<LevelUnit, (heightM: number) => number> = {
  '%': (h) => h / 100,
  m: () => 1,
  mm: () => 1 / 1000,
};

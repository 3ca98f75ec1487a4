// What an alarm reads: tag inputs looked up by name, and the three-valued result (true, false, unknown) with its quality.
import { severityOf, type Quality, type TagValue, type Value } from '@zld/tags';

/** The part of a tag value the alarm engine uses. */
export type AlarmInput = Pick<TagValue, 'value' | 'quality'>;

/** The current values: a map by tag name, or a function (e.g. the tag engine's lookup). */
export type TagLookup =
  ReadonlyMap<string, AlarmInput> | ((name: string) => AlarmInput | undefined);

/** A tag that has no value yet reads as this. */
export const MISSING_INPUT: AlarmInput = { value: null, quality: 'Bad_WaitingForInitialData' };

export function readTag(values: TagLookup, name: string): AlarmInput {
  const v = typeof values === 'function' ? values(name) : values.get(name);
  return v ?? MISSING_INPUT;
}

/** A condition result: null when the inputs do not allow an answer (Bad quality, no value). */
export interface Reading {
  truth: boolean | null;
  quality: Quality;
  /** The value shown with the alarm (the watched tag's value). */
  value: Value;
}

const RANK = { Good: 0, Uncertain: 1, Bad: 2 } as const;

/** Orders qualities by severity: Good < Uncertain < Bad. */
export function qualityRank(q: Quality): number {
  return RANK[severityOf(q)];
}

/** The most severe of the given qualities (the first one on a tie). */
export function worstQuality(qs: readonly Quality[]): Quality {
  let worst: Quality = 'Good';
  for (const q of qs) if (qualityRank(q) > qualityRank(worst)) worst = q;
  return worst;
}

/** The least severe of the given qualities (the first one on a tie); Good for none. */
export function bestQuality(qs: readonly Quality[]): Quality {
  let best: Quality | undefined;
  for (const q of qs) if (best === undefined || qualityRank(q) < qualityRank(best)) best = q;
  return best ?? 'Good';
}

/** A numeric view of a value, or null when there is none (Bad) or it is not a number. */
export function numeric(v: Value): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

// Quality helpers for the balance: the class of a sample, and the worse of two qualities.
import { isBad, isUncertain, severityOf, type Quality } from '@zld/tags';

/** How a stretch of signal is known: measured Good, measured Uncertain, substituted (Bad), or not at all. */
export const SampleClass = {
  Good: 0,
  Uncertain: 1,
  /** The input was Bad: its last usable value is held in its place. */
  Substituted: 2,
  /** No usable value has been seen yet: the signal counts as zero. */
  Missing: 3,
} as const;
export type SampleClass = (typeof SampleClass)[keyof typeof SampleClass];

/** The class of a stretch that starts with this quality and value. */
export function classOf(quality: Quality, hasValue: boolean): SampleClass {
  if (!hasValue) return SampleClass.Missing;
  if (isBad(quality)) return SampleClass.Substituted;
  if (isUncertain(quality)) return SampleClass.Uncertain;
  return SampleClass.Good;
}

const RANK = { Good: 0, Uncertain: 1, Bad: 2 } as const;

/** The worse of two qualities (Bad over Uncertain over Good); on a tie the first one wins. */
export function worse(a: Quality, b: Quality): Quality {
  return RANK[severityOf(b)] > RANK[severityOf(a)] ? b : a;
}

/** The worst of a list of qualities; Good for an empty list. */
export function worst(qualities: Iterable<Quality>): Quality {
  let q: Quality = 'Good';
  for (const x of qualities) q = worse(q, x);
  return q;
}

/** True when a value with this quality must not be trusted as it stands. */
export function isQuestionable(q: Quality): boolean {
  return isBad(q) || isUncertain(q);
}

// Priority distribution against EEMUA's guide of roughly 80 % low, 15 % medium, 5 % high (requirement 1.13).
import { PRIORITIES, type Priority } from '@zld/plant';

export type Band = 'low' | 'medium' | 'high';

/** Critical counts with high: EEMUA's three bands. */
export const BAND_OF: Readonly<Record<Priority, Band>> = {
  critical: 'high',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

export const PRIORITY_TARGET: Readonly<Record<Band, number>> = {
  low: 0.8,
  medium: 0.15,
  high: 0.05,
};

/** How far a band's share may stray from its target before it is flagged (a GUESS to tune). */
export const PRIORITY_TOLERANCE: Readonly<Record<Band, number>> = {
  low: 0.1,
  medium: 0.1,
  high: 0.05,
};

export interface PriorityMix {
  total: number;
  counts: Record<Priority, number>;
  /** Shares per band, 0-1. */
  shares: Record<Band, number>;
  target: Record<Band, number>;
  /** Bands whose share strays from the target by more than the tolerance. */
  flaggedBands: Band[];
  flagged: boolean;
}

/** The distribution of the given priorities (configured alarms, or annunciations). */
export function priorityMix(priorities: readonly Priority[]): PriorityMix {
  const counts = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const p of priorities) counts[p]++;
  const total = priorities.length;
  const bands: Record<Band, number> = { low: 0, medium: 0, high: 0 };
  for (const p of PRIORITIES) bands[BAND_OF[p]] += counts[p];
  const shares: Record<Band, number> = {
    low: total ? bands.low / total : 0,
    medium: total ? bands.medium / total : 0,
    high: total ? bands.high / total : 0,
  };
  const flaggedBands =
    total === 0
      ? []
      : (['low', 'medium', 'high'] as const).filter(
          (b) => Math.abs(shares[b] - PRIORITY_TARGET[b]) > PRIORITY_TOLERANCE[b] + 1e-12,
        );
  return {
    total,
    counts,
    shares,
    target: { ...PRIORITY_TARGET },
    flaggedBands,
    flagged: flaggedBands.length > 0,
  };
}

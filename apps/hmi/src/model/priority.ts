// Alarm priorities for display: order, and a shape and number per priority so greyscale still tells them apart.
import type { Priority } from '@zld/api';

export interface PriorityStyle {
  /** 1 = most urgent; shown inside the indicator. */
  rank: number;
  shape: 'diamond' | 'triangle' | 'square' | 'circle';
  /** Design-token suffix: `--alarm-<token>` (used only on elements bound to an active alarm). */
  token: string;
  label: string;
}

/** Every priority of the plant schema, most urgent first (the record forces one entry per priority). */
export const PRIORITY_STYLE: Readonly<Record<Priority, PriorityStyle>> = {
  critical: { rank: 1, shape: 'diamond', token: 'critical', label: 'Critical' },
  high: { rank: 2, shape: 'triangle', token: 'high', label: 'High' },
  medium: { rank: 3, shape: 'square', token: 'medium', label: 'Medium' },
  low: { rank: 4, shape: 'circle', token: 'low', label: 'Low' },
};

export const PRIORITY_ORDER: readonly Priority[] = (Object.keys(PRIORITY_STYLE) as Priority[]).sort(
  (a, b) => PRIORITY_STYLE[a].rank - PRIORITY_STYLE[b].rank,
);

/** Rank of a priority; unknown strings sort last. */
export function priorityRank(p: string): number {
  return (PRIORITY_STYLE as Record<string, PriorityStyle | undefined>)[p]?.rank ?? 99;
}

/** SVG path of the indicator shape, centred on (0,0), about `r` in radius. */
export function shapePath(shape: PriorityStyle['shape'], r: number): string {
  switch (shape) {
    case 'diamond':
      return `M0 ${-r} L${r} 0 L0 ${r} L${-r} 0 Z`;
    case 'triangle':
      return `M0 ${-r} L${r} ${r * 0.8} L${-r} ${r * 0.8} Z`;
    case 'square': {
      const s = r * 0.8;
      return `M${-s} ${-s} H${s} V${s} H${-s} Z`;
    }
    case 'circle':
      return `M${-r} 0 A${r} ${r} 0 1 0 ${r} 0 A${r} ${r} 0 1 0 ${-r} 0 Z`;
  }
}

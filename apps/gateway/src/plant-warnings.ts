// The loader's warnings (lint) as log lines for the gateway's start: each with its path and line, capped.
import type { Plant } from '@zld/plant';

/** At most `max` lines, then one that says how many more there are. */
export function plantWarnings(plant: Plant, max = 20): string[] {
  const lines = plant.warnings
    .slice(0, max)
    .map(
      (w) =>
        `plant file: ${w.where}${w.line !== undefined ? ` (line ${w.line})` : ''}: ${w.message}`,
    );
  const more = plant.warnings.length - max;
  if (more > 0) lines.push(`plant file: ${more} more warning${more === 1 ? '' : 's'} like these`);
  return lines;
}

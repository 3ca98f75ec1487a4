// Test fixture: the mini plant's tag engine indices and a recorder of published batches.
import { parsePlant } from '@zld/plant';
import type { TagEngine } from './tag-engine.js';
import type { TagValue } from './tag-value.js';
import { MINI_PLANT_YAML } from './test-plant.fixture.js';

export const plant = parsePlant(MINI_PLANT_YAML);
// Indices follow plant.tags: LT-101 (fast 500 ms, deadband 0.5), FQ-101 (slow 5 s), XV-101 (bool),
// KI-100, FY-910 (computed, deadband 0.05).
export const LT = 0;
export const FQ = 1;
export const XV = 2;

/** Every batch the engine publishes, in order. */
export function recorder(engine: TagEngine): TagValue[][] {
  const batches: TagValue[][] = [];
  engine.subscribe((changes) => batches.push([...changes]));
  return batches;
}

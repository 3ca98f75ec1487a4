// The level-2 displays by id (the plant's `areas[].display` values).
import { LEACH_SX_LAYOUT } from '../area-leach-sx/leach-sx-layout.js';
import { WATER_LAYOUT } from '../area-water/water-layout.js';
import type { AreaLayout } from '../graphics/layout.js';
import { ZLD_LAYOUT } from '../area-zld/zld-layout.js';

export const AREA_LAYOUTS: readonly AreaLayout[] = [LEACH_SX_LAYOUT, ZLD_LAYOUT, WATER_LAYOUT];

export function layoutOf(display: string): AreaLayout | undefined {
  return AREA_LAYOUTS.find((l) => l.display === display);
}

// The balance's computed tags (FY-910 ...) as {name, value, quality} for the tag engine, from one result.
import type { WaterBalanceDef } from '@zld/plant';
import { isBad, type Quality } from '@zld/tags';
import { worse, worst } from './quality-rank.js';
import type { ComputedTagValue, WaterBalanceResult, WindowResult } from './result.js';

/**
 * Rates (water in/out, inventory change, residual) come from the 1 h window and carry
 * Uncertain_SubNormal while it fills. Closure and condensate recovery, which drive alarms, stay
 * null until their window has filled. A Bad quality always goes out with a null value.
 */
export function computedTagValues(
  names: WaterBalanceDef['computedTags'],
  result: WaterBalanceResult,
  hour: WindowResult,
  day: WindowResult,
): ComputedTagValue[] {
  const filling = (w: WindowResult, q: Quality) => (w.filled ? q : worse(q, 'Uncertain_SubNormal'));
  const tag = (name: string, value: number | null, quality: Quality): ComputedTagValue => ({
    name,
    value: isBad(quality) ? null : value,
    quality,
  });
  const cr = result.condensateRecovery;
  const out: ComputedTagValue[] = [
    tag(names.waterIn, hour.inKgH, filling(hour, worst(hour.in.map((t) => t.quality)))),
    tag(names.waterOut, hour.outKgH, filling(hour, worst(hour.out.map((t) => t.quality)))),
    tag(names.inventoryChange, hour.inventory.changeKgH, filling(hour, hour.inventory.quality)),
    tag(names.residual, hour.residual.kgH, filling(hour, hour.residual.quality)),
    tag(names.closure1h, hour.closurePct, hour.quality),
    tag(names.closure24h, day.closurePct, day.quality),
    tag(names.condensateRecovery, hour.filled ? cr.pct : null, cr.quality),
  ];
  if (names.cusum !== undefined) out.push(tag(names.cusum, result.cusum.kg, result.cusum.quality));
  if (names.discharge !== undefined)
    out.push(tag(names.discharge, result.discharge.kgH, result.discharge.quality));
  return out;
}

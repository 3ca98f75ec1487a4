// Condensate recovery: distillate collected over water evaporated, in %, with its low limits.
import type { Plant } from '@zld/plant';
import { sourcesKg } from './balance-math.js';
import { balanceDef, type BalanceOptions, type Layout } from './layout.js';
import { worse, worst } from './quality-rank.js';
import type { CondensateRecoveryResult } from './result.js';
import { channelQuality, type ChannelStatus, type WindowInput } from './window-result.js';

export function condensateRecovery(
  plant: Plant,
  layout: Layout,
  input: WindowInput,
  status: readonly ChannelStatus[],
  options: BalanceOptions,
): CondensateRecoveryResult {
  const def = balanceDef(plant).condensateRecovery;
  const { sums } = input;
  const hours = sums.spanS / 3600;
  const distillateKgH = hours > 0 ? sourcesKg(layout.distillate, sums) / hours : 0;
  const evaporatedKgH = hours > 0 ? sourcesKg(layout.evaporated, sums) / hours : 0;
  const pct =
    evaporatedKgH >= options.minNormaliserKgH ? (100 * distillateKgH) / evaporatedKgH : null;
  let quality = worst(
    [...layout.distillate, ...layout.evaporated].map((s) =>
      channelQuality(s.channel, sums, status),
    ),
  );
  if (!input.filled) quality = worse(quality, 'Uncertain_SubNormal');
  return {
    windowId: input.spec.id,
    pct,
    distillateKgH,
    evaporatedKgH,
    lowPct: def.lowPct,
    lowLowPct: def.lowLowPct,
    limitState:
      pct === null ? null : pct < def.lowLowPct ? 'LL' : pct < def.lowPct ? 'L' : 'normal',
    quality,
  };
}

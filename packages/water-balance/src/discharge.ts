// Discharge state now: per discharge path, the meter's flow and whether its opening commands are set.
import type { Plant } from '@zld/plant';
import { isBad, type Quality, type TagValue } from '@zld/tags';
import type { Channel } from './channel.js';
import { balanceDef, type Layout } from './layout.js';
import { worst } from './quality-rank.js';
import type { DischargePathResult, DischargeResult } from './result.js';

const asNumber = (v: TagValue['value']): number | null =>
  typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * A path is flowing when its meter reads above the meter's own H alarm limit (or above zero when it
 * has none), commanded open when every `openedBy` tag holds its opening value, and open by position when
 * any `openWhen` feedback says so (a valve open by hand or by a fault, without a command).
 */
export function dischargeState(
  plant: Plant,
  layout: Layout,
  channels: readonly Channel[],
  latest: ReadonlyMap<string, TagValue>,
): DischargeResult {
  const qualityOf = (name: string): Quality =>
    latest.get(name)?.quality ?? 'Bad_WaitingForInitialData';
  const paths = balanceDef(plant).dischargePaths.map((p): DischargePathResult => {
    const meter = p.meter === undefined ? undefined : latest.get(p.meter);
    const flow = meter && !isBad(meter.quality) ? asNumber(meter.value) : null;
    const threshold = p.meter === undefined ? 0 : (plant.tag(p.meter).alarms?.H?.limit ?? 0);
    const commandedOpen = p.openedBy.every((o) => {
      const tv = latest.get(o.tag);
      return tv !== undefined && !isBad(tv.quality) && asNumber(tv.value) === Number(o.value);
    });
    const positionOpen = p.openWhen.some((o) => {
      const tv = latest.get(o.tag);
      return tv !== undefined && !isBad(tv.quality) && asNumber(tv.value) === Number(o.value);
    });
    const names = [
      ...(p.meter === undefined ? [] : [p.meter]),
      ...[...p.openedBy, ...p.openWhen].map((o) => o.tag),
    ];
    return {
      id: p.id,
      description: p.description,
      meter: p.meter ?? null,
      flow,
      flowing: flow !== null && flow > threshold,
      commandedOpen,
      positionOpen,
      quality: worst(names.map(qualityOf)),
    };
  });

  let kgH = 0;
  const termQualities: Quality[] = [];
  for (const t of layout.terms) {
    if (t.kind !== 'discharge') continue;
    kgH += t.constantKgH;
    for (const s of t.sources) {
      const ch = channels[s.channel]!;
      kgH += s.factor * (ch.value ?? 0);
      termQualities.push(ch.value === undefined ? 'Bad_WaitingForInitialData' : ch.quality);
    }
  }
  const quality = worst([...paths.map((p) => p.quality), ...termQualities]);
  const state = paths.some((p) => p.flowing)
    ? 'flowing'
    : paths.some((p) => p.commandedOpen || p.positionOpen)
      ? 'open'
      : isBad(quality)
        ? 'unknown'
        : 'none';
  return { state, kgH, quality, paths };
}

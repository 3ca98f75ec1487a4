// Meter drift on a distillate meter raises the condensate-recovery alarm (headless process model, gateway services on plant time).
import { describe, expect, it } from 'vitest';
import { HeadlessPlant } from '@zld/scenarios';

const MINUTE = 60_000;

/** The mean of FY-916 (condensate recovery, %) over the next `seconds` of plant time. */
async function meanRecovery(h: HeadlessPlant, seconds: number): Promise<number> {
  let sum = 0;
  let n = 0;
  await h.run(seconds, () => {
    const v = h.runtime.value('FY-916')!;
    expect(v.quality).toBe('Good');
    sum += v.value as number;
    n++;
    return false;
  });
  return sum / n;
}

/**
 * Runs the plant until the 1 h window is full, drifts FT-509 by `pct`, and answers the recovery before
 * and after, the alarm that came (within `withinMin` plant minutes of the drift) and when.
 */
async function drift(seed: number, pct: number, alarmId: string, withinMin: number) {
  const h = new HeadlessPlant({ seed });
  await h.run(65 * 60);
  const before = await meanRecovery(h, 10 * 60);
  // No recovery alarm before the drift.
  expect(['FY-916.L', 'FY-916.LL', 'FY-916.H'].filter((id) => h.alarms.get(id)!.active)).toEqual(
    [],
  );
  const ft509 = h.runtime.value('FT-509')!.value as number;
  const share = ft509 / (ft509 + (h.runtime.value('FT-606')!.value as number));
  const at = h.now();
  h.addFault('sensor-drift', 'FT-509', pct);
  const alarm = await h.run(withinMin * 60, () => {
    const a = h.alarms.get(alarmId)!;
    return a.active ? a : undefined;
  });
  const after = h.runtime.value('FY-916')!.value as number;
  h.stop();
  return {
    before,
    after,
    share,
    alarm,
    afterMin: alarm ? (Date.parse(alarm.activeSince!) - at) / MINUTE : NaN,
  };
}

describe('meter drift on a distillate meter', () => {
  it('a -2 % drift on FT-509 raises CONDENSATE RECOVERY LOW (FY-916.L) within 75 plant minutes', async () => {
    const r = await drift(3, -2, 'FY-916.L', 75);
    // Normal recovery: the vents lose about 1.3 % of the vapour.
    expect(r.before).toBeGreaterThan(98);
    expect(r.before).toBeLessThan(99.5);
    expect(r.alarm, 'FY-916.L').toBeDefined();
    expect(r.alarm).toMatchObject({ priority: 'medium', questionable: false });
    // The drop is the drifted meter's share of the distillate.
    const expected = 0.02 * r.share * r.before;
    expect(r.before - r.after).toBeGreaterThan(0.7 * expected);
    expect(r.before - r.after).toBeLessThan(1.3 * expected);
    console.log(
      `FT-509 -2 %: FY-916 ${r.before.toFixed(2)} % -> ${r.after.toFixed(2)} %, ` +
        `FY-916.L after ${r.afterMin.toFixed(1)} plant min`,
    );
  }, 600_000);

  it('a +2 % drift on FT-509 raises CONDENSATE RECOVERY HIGH (FY-916.H): more distillate than evaporated', async () => {
    const r = await drift(5, 2, 'FY-916.H', 75);
    expect(r.alarm, 'FY-916.H').toBeDefined();
    expect(r.after).toBeGreaterThan(r.before);
    console.log(
      `FT-509 +2 %: FY-916 ${r.before.toFixed(2)} % -> ${r.after.toFixed(2)} %, ` +
        `FY-916.H after ${r.afterMin.toFixed(1)} plant min`,
    );
  }, 600_000);
});

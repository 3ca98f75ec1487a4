// ZLD faults injected through the simulator's control API, seen by the gateway over Modbus TCP and OPC UA on plant time.
import type { PublicAlarm } from '@zld/alarms';
import type { WaterBalanceResult } from '@zld/water-balance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, waitFor } from '@zld/testkit';
import { startZldRig, type ZldRig } from './zld-rig.js';

const MIN = 60_000;
const BALANCE_ALARM = /^FY-91[4-7]\./;

describe('ZLD faults against the real simulators (gateway on plant time)', () => {
  let rig: ZldRig;

  beforeAll(async () => {
    rig = await startZldRig({ speed: 20 });
    await waitFor(
      () => {
        const bad = rig.plant.tags.filter(
          (t) => !t.computed && rig.runtime.value(t.name)!.quality !== 'Good',
        );
        return check(
          bad.length === 0 && rig.balance.current() !== null,
          () =>
            `${bad.length} PLC tags not Good: ${bad
              .slice(0, 5)
              .map((t) => t.name)
              .join(', ')}`,
        );
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'every PLC tag Good and a first balance' },
    );
  }, 90_000);
  afterAll(async () => {
    const errors = rig?.errors ?? [];
    await rig?.stop();
    expect(errors).toEqual([]);
  });

  const alarm = async (id: string): Promise<PublicAlarm | undefined> =>
    (await rig.listAlarms()).find((a) => a.id === id);

  // XV-901 opened with nothing flowing yet (the limit switch shows it), and the outfall fed from TK-402.
  it.each([
    ['XV-901', 'open'],
    ['TK-402', 'flowing'],
  ])(
    'outfall-open (%s) raises LIQUID DISCHARGE DETECTED within 60 simulated seconds',
    async (target, discharge) => {
      expect(await alarm('ZLD-DISCHARGE')).toBeUndefined();
      const injectedAt = await rig.simNow();
      const id = await rig.addFault({ kind: 'outfall-open', target });
      const raised = await waitFor(
        async () => {
          const a = await alarm('ZLD-DISCHARGE');
          return a?.active ? a : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'ZLD-DISCHARGE active' },
      );
      expect(raised).toMatchObject({
        message: 'LIQUID DISCHARGE DETECTED',
        priority: 'critical',
        state: 'Unack-Active',
        questionable: false,
      });
      expect(Date.parse(raised.activeSince!) - injectedAt).toBeLessThanOrEqual(60_000);
      expect(rig.runtime.value('ZSC-901')!.value).toBe(false);
      if (discharge === 'flowing')
        await waitFor(async () => (await rig.waterBalance())?.discharge.state === 'flowing', {
          timeoutMs: 20_000,
          intervalMs: 200,
          what: 'the balance showing liquid leaving through the outfall',
        });

      await rig.clearFault(id);
      await waitFor(async () => (await alarm('ZLD-DISCHARGE'))?.active === false, {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'ZLD-DISCHARGE cleared (RTN-Unack)',
      });
      rig.alarms.ack('ZLD-DISCHARGE', { user: 'scenario-test' });
    },
    60_000,
  );

  it('a stuck level transmitter makes the balance questionable', async () => {
    const tankOf = (r: WaterBalanceResult) =>
      r.windows[0]!.inventory.tanks.find((t) => t.levelTag === 'LIC-402')!;
    // LIC-402 has been Good for longer than the 5 min window since the gateway started.
    const ok = await waitFor(
      async () => {
        const r = await rig.waterBalance();
        return r && tankOf(r).quality === 'Good' ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'TK-402 Good in the 5 min window' },
    );
    expect(ok.issues.join(' ')).not.toContain('LIC-402 Uncertain');
    // LIC-402 is read over OPC UA, whose status code carries the transmitter's quality.
    const id = await rig.addFault({ kind: 'sensor-stuck', target: 'LIC-402' });
    const doubted = await waitFor(
      async () => {
        const r = await rig.waterBalance();
        return r?.questionable && tankOf(r).quality !== 'Good' ? r : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'the balance questionable' },
    );
    expect(doubted.issues.join(' ')).toContain('LIC-402 Uncertain');
    expect(tankOf(doubted).quality).toMatch(/^Uncertain_/);
    expect(doubted.quality).toMatch(/^Uncertain_/);
    await rig.clearFault(id);
    await waitFor(() => rig.runtime.value('LIC-402')!.quality === 'Good', {
      timeoutMs: 15_000,
      what: 'LIC-402 Good again',
    });
  });

  it('a 5 L/h leak on TK-402 raises the 1 h closure alarm within 70 simulated minutes; the residual says loss', async () => {
    await rig.setSpeed(100);
    // Let the gateway's plant clock take up the new speed, then fill the 1 h window at 100x only:
    // FY-914 then carries a Good value.
    await new Promise((r) => setTimeout(r, 3000));
    const fastFrom = rig.now();
    await waitFor(
      () => {
        const v = rig.runtime.value('FY-914')!;
        const min = (rig.now() - fastFrom) / MIN;
        return check(
          v.quality === 'Good' && min >= 62,
          () => `FY-914 ${v.quality} ${String(v.value)} after ${min.toFixed(0)} min at 100x`,
        );
      },
      { timeoutMs: 150_000, intervalMs: 500, what: 'the 1 h balance window filled at 100x' },
    );
    // Normal operation so far: no balance alarm. (The 1 h closure itself swings by a few % at 100x,
    // where a level is read every 100 plant seconds: see the README.)
    const before = await rig.listAlarms();
    expect(before.filter((a) => BALANCE_ALARM.test(a.id) && a.active).map((a) => a.id)).toEqual([]);

    const injectedAt = await rig.simNow();
    await rig.addFault({ kind: 'leak', target: 'TK-402', magnitude: 5 });
    const raised = await waitFor(
      async () =>
        (await rig.listAlarms()).find(
          (a) => (a.id === 'FY-914.H' || a.id === 'FY-914.HH') && a.active,
        ),
      { timeoutMs: 150_000, intervalMs: 500, what: 'FY-914.H or .HH active' },
    );
    expect(Date.parse(raised.activeSince!) - injectedAt).toBeLessThanOrEqual(70 * MIN);
    expect(raised.questionable).toBe(false);
    // The alarm is a high one: loss. The 1 h residual (r > 0: water leaving unmetered), averaged over
    // the next 10 plant minutes against the noise of 100x reading, says so too.
    const residuals: number[] = [];
    const until = rig.now() + 10 * MIN;
    while (rig.now() < until) {
      const r = (await rig.waterBalance())!;
      residuals.push(r.windows.find((w) => w.id === '1h')!.residual.kgH);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    expect(mean).toBeGreaterThan(1);
  }, 360_000);
});

// A write that bypasses the gateway and that the PLC's interlock refuses: the PLC flags it and the alarm engine raises it.
import type { PublicAlarm } from '@zld/alarms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, waitFor } from '@zld/testkit';
import { ensureMbpoll, mbpollWriteCoils } from '../simulators/sim-helpers.js';
import { startZldRig, type ZldRig } from './zld-rig.js';

describe('a refused device write, through the normal alarm engine', () => {
  let rig: ZldRig;

  beforeAll(async () => {
    ensureMbpoll();
    rig = await startZldRig({ speed: 20, warmUpS: 600 });
    await waitFor(
      () => {
        const bad = rig.plant.tags.filter(
          (t) => !t.computed && rig.runtime.value(t.name)!.quality !== 'Good',
        );
        return check(bad.length === 0, () => `${bad.length} PLC tags not Good`);
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'every PLC tag Good' },
    );
  }, 90_000);
  afterAll(async () => {
    const errors = rig?.errors ?? [];
    await rig?.stop();
    expect(errors).toEqual([]);
  });

  const alarm = async (id: string): Promise<PublicAlarm | undefined> =>
    (await rig.listAlarms()).find((a) => a.id === id);

  it('mbpoll opening XV-901 is refused; UA-300 raises its alarm, the outfall stays closed, reset clears it', async () => {
    expect((await alarm('UA-300.DISCRETE'))?.active ?? false).toBe(false);
    const port = rig.sims.endpoints['PLC-300']!.port;
    const w = await mbpollWriteCoils(port, 3, [1]);
    expect(w.code, w.output).not.toBe(0);

    const raised = await waitFor(
      async () => {
        const a = await alarm('UA-300.DISCRETE');
        return a?.active ? a : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'UA-300.DISCRETE active' },
    );
    expect(raised).toMatchObject({
      message: 'PLC-300 INTERLOCK REFUSED A WRITE',
      priority: 'high',
      state: 'Unack-Active',
    });
    expect(rig.runtime.value('ZSC-901')!.value).toBe(true);
    expect(rig.runtime.value('XV-901.CMD')!.value).toBe(false);
    expect((await alarm('ZLD-DISCHARGE'))?.active ?? false).toBe(false);

    // Writing 0 resets the PLC's flag: the alarm returns to normal, unacknowledged until an operator sees it.
    expect((await mbpollWriteCoils(port, 5, [0])).code).toBe(0);
    const back = await waitFor(
      async () => {
        const a = await alarm('UA-300.DISCRETE');
        return a && !a.active ? a : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'UA-300.DISCRETE back to normal' },
    );
    expect(back.state).toBe('RTN-Unack');
  });
});

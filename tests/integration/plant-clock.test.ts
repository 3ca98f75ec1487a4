// --clock plc: with the simulators at 50-100x, the gateway's timestamps and clock follow plant time.
import type { HealthDto, TagDto } from '@zld/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { check, startLoopLag, waitFor } from '@zld/testkit';

describe('the gateway on plant time (--clock plc)', () => {
  let sims: TestSimulators;
  let gw: TestGateway;
  const lag = startLoopLag();
  /** Plant time that passes in 200 ms of wall time plus the worst event-loop delay so far. */
  const jitter = (speed: number) => (200 + lag.maxMs()) * speed;

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 50 });
    gw = await startTestGateway({ plcEndpoints: sims.plcEndpoints, clock: 'plc' });
    await waitFor(
      async () =>
        (await gw.get<TagDto[]>('/api/tags')).every((t) => t.computed || t.quality === 'Good'),
      { timeoutMs: 10_000, what: 'every PLC tag Good' },
    );
  }, 60_000);
  afterAll(async () => {
    lag.stop();
    await gw?.close();
    await sims?.stop();
  });

  /** Plant time now, bracketed by two reads of the simulator's clock. */
  const plantNow = async () => {
    const a = Date.parse((await sims.state()).time);
    return { a, read: async () => Date.parse((await sims.state()).time) };
  };

  it('answers /healthz with plant time', async () => {
    await new Promise((r) => setTimeout(r, 2500)); // plant time runs well ahead of the wall clock
    const { a, read } = await plantNow();
    const h = await gw.get<HealthDto>('/healthz');
    const b = await read();
    expect(h.clock).toBe('plc');
    const t = Date.parse(h.time);
    // 50x: 200 ms of wall-clock jitter is 10 plant seconds.
    expect(t).toBeGreaterThanOrEqual(a - jitter(50));
    expect(t).toBeLessThanOrEqual(b + jitter(50));
    expect(t - Date.now()).toBeGreaterThan(60_000);
  });

  it('stamps Modbus and OPC UA values in plant time', async () => {
    // The PLC clocks change at every scan, so their timestamps are those of the latest reading:
    // KI-100 and KI-300 over Modbus (stamped by the gateway's plant clock), KI-200 over OPC UA
    // (the PLC's own source timestamp).
    const { a, read } = await plantNow();
    const tags = await gw.get<TagDto[]>('/api/tags');
    const b = await read();
    for (const name of ['KI-100', 'KI-200', 'KI-300']) {
      const tag = tags.find((x) => x.name === name)!;
      const t = Date.parse(tag.ts);
      // A fast-scan value is at most one scan old: 500 ms x 50 = 25 plant seconds.
      expect(t, name).toBeGreaterThanOrEqual(a - 25_000 - jitter(50));
      expect(t, name).toBeLessThanOrEqual(b + jitter(50));
      // The value itself is the PLC's clock, in epoch seconds: the timestamp agrees with it.
      expect(Math.abs(t - Number(tag.value) * 1000), name).toBeLessThan(30_000);
    }
  });

  it('follows a change of simulation speed', async () => {
    await sims.setSpeed(100);
    await waitFor(
      async () => {
        const { a, read } = await plantNow();
        const h = await gw.get<HealthDto>('/healthz');
        const b = await read();
        const t = Date.parse(h.time);
        return check(
          t >= a - jitter(100) && t <= b + jitter(100),
          () => `${h.time} vs [${new Date(a).toISOString()}, ${new Date(b).toISOString()}]`,
        );
      },
      { timeoutMs: 8000, intervalMs: 250, what: 'the gateway clock following 100x' },
    );
  });
});

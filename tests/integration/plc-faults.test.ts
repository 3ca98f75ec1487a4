// Protocol faults of the simulated PLCs (offline, OPC UA restart, exceptions, slow replies) as the gateway reports them.
import type { HealthDto, TagDto } from '@zld/api';
import type { TagDef } from '@zld/plant';
import { loadPlant, modbusSettingsOf, opcuaSettingsOf } from '@zld/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { connectLive, type LiveClient } from '../helpers/live-client.js';
import { check, startLoopLag, waitFor } from '@zld/testkit';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlarmJournal,
  AlarmService,
  communicating,
} from '../../apps/gateway/src/alarming/index.js';

const plant = loadPlant();
const tagsOf = (plcId: string): TagDef[] =>
  plant.tags.filter((t) => t.plc === plcId && !t.computed);
const scanPeriods = (plcId: string): number[] =>
  Object.values(plant.plcById.get(plcId)!.scanClasses).map((s) => s.periodMs);
const slowestScan = (plcId: string): number => Math.max(...scanPeriods(plcId));
const fastestScan = (plcId: string): number => Math.min(...scanPeriods(plcId));

describe('PLC faults', () => {
  let sims: TestSimulators;
  let gw: TestGateway;
  let live: LiveClient;
  // The alarm service as the integrated gateway runs it, with one communication alarm per PLC.
  let dataDir: string;
  let journal: AlarmJournal;
  let alarms: AlarmService;

  const tagsNow = async (plcId: string): Promise<TagDto[]> =>
    (await gw.get<TagDto[]>('/api/tags')).filter((t) => t.plc === plcId);
  const health = async (plcId: string) =>
    (await gw.get<HealthDto>('/healthz')).plcs.find((p) => p.id === plcId)!;
  const metric = async (name: string, labels: string): Promise<number> => {
    const text = await gw.getText('/metrics');
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };
  /** Waits until every tag of the PLC has a quality `ok` accepts. */
  const allTags = (plcId: string, ok: (q: string) => boolean, timeoutMs: number, what: string) =>
    waitFor(
      async () => {
        const off = (await tagsNow(plcId)).filter((t) => !ok(t.quality));
        return check(off.length === 0, () =>
          off
            .slice(0, 6)
            .map((t) => `${t.name} ${t.quality}`)
            .join(', '),
        );
      },
      { timeoutMs, intervalMs: 50, what: `${plcId}: ${what}` },
    );
  /** When each tag of the PLC was first seen (on the live stream) with a quality `ok` accepts, after `since`. */
  const firstSeen = (
    plcId: string,
    since: number,
    ok: (q: string) => boolean,
  ): Map<string, number> => {
    const names = new Set(tagsOf(plcId).map((t) => t.name));
    const seen = new Map<string, number>();
    for (const b of live.batches)
      if (b.at >= since)
        for (const v of b.values)
          if (names.has(v.name) && !seen.has(v.name) && ok(v.quality)) seen.set(v.name, b.at);
    return seen;
  };
  /** Clears a fault and waits for every tag Good: within a few seconds, or of the end of a demotion. */
  const clearAndRecover = async (plcId: string, faultId: string) => {
    const h = await health(plcId);
    await sims.clearFault(faultId);
    const clearedAt = Date.now();
    const demotedFor =
      h.demotedUntil === null ? 0 : Math.max(0, Date.parse(h.demotedUntil) - clearedAt);
    await allTags(plcId, (q) => q === 'Good', demotedFor + 4000, 'every tag Good again');
    expect((await health(plcId)).connected).toBe(true);
  };

  /** Runs `body` with a fault active; clears it afterwards even when `body` fails. */
  const withFault = async (
    fault: Parameters<TestSimulators['addFault']>[0],
    body: (id: string) => Promise<void>,
  ): Promise<void> => {
    const id = await sims.addFault(fault);
    let cleared = false;
    try {
      await body(id);
      cleared = true;
      await clearAndRecover(fault.target, id);
    } finally {
      if (!cleared) {
        // The body failed: still leave the PLC healthy, so the next test does not fail for this one.
        await sims.clearFault(id).catch(() => {});
        await allTags(fault.target, (q) => q === 'Good', 20_000, 'Good after a failed test').catch(
          () => {},
        );
      }
    }
  };

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    gw = await startTestGateway({ plcEndpoints: sims.plcEndpoints });
    live = await connectLive(gw.url);
    dataDir = await mkdtemp(join(tmpdir(), 'zld-plc-faults-'));
    journal = AlarmJournal.inDataDir(dataDir);
    alarms = new AlarmService({
      plant,
      source: gw.runtime,
      clock: gw.runtime.timebase.clock,
      journal,
      evaluateEveryMs: 100,
      plcConnected: (id) => communicating(gw.runtime.driver(id)?.status()),
    });
    alarms.start();
    for (const plc of plant.plcs)
      await allTags(plc.id, (q) => q === 'Good', 10_000, 'Good at start');
  }, 60_000);
  afterAll(async () => {
    live?.close();
    alarms?.stop();
    await gw?.close();
    await rm(dataDir, { recursive: true, force: true });
    await sims?.stop();
  });

  it('plc-offline: every tag of a Modbus PLC turns Bad_CommunicationError within timeout + its fastest scan, then Good again', async () => {
    const plc = plant.plcById.get('PLC-100')!;
    const timeout = modbusSettingsOf(plc).timeoutMs;
    let since = Date.now();
    const lag = startLoopLag();
    await withFault({ kind: 'plc-offline', target: plc.id }, async () => {
      // Counted from when the control API confirmed the fault: it is surely in effect from then on
      // (counting from the request would charge the bound with the control API's round trip).
      since = Date.now();
      await allTags(
        plc.id,
        (q) => q === 'Bad_CommunicationError',
        timeout + slowestScan(plc.id) + 1000,
        'Bad',
      );
      const bad = await waitFor(
        () => {
          const seen = firstSeen(plc.id, since, (q) => q === 'Bad_CommunicationError');
          return seen.size === tagsOf(plc.id).length && seen;
        },
        { timeoutMs: 1000, what: 'every Bad value on the live stream' },
      );
      lag.stop();
      // Every tag, whatever its scan class, within timeout + the PLC's fastest scan: a request goes out
      // within that scan, and the first that times out condemns the whole PLC (the other classes' requests
      // queue behind it on the same link). Plus delivery (the flush, up to 100 ms of live pacing, the
      // socket: up to 240 ms seen on an idle 2-core machine, so 300 ms) and the event-loop delay.
      for (const t of tagsOf(plc.id))
        expect(bad.get(t.name)! - since, t.name).toBeLessThanOrEqual(
          timeout + fastestScan(plc.id) + 300 + lag.maxMs(),
        );
      // The other PLCs are not affected.
      expect((await tagsNow('PLC-300')).every((t) => t.quality === 'Good')).toBe(true);
      expect((await health(plc.id)).lastError).not.toBeNull();
      expect(await metric('zld_plc_timeouts_total', `plc="${plc.id}"`)).toBeGreaterThan(0);
    });
  }, 60_000);

  it('plc-offline on the OPC UA PLC: the server stops, tags turn Bad and its communication alarm raises; all return when it restarts', async () => {
    const plc = plant.plcById.get('PLC-200')!;
    const since = Date.now();
    const reconnectsBefore = await metric('zld_plc_reconnects_total', `plc="${plc.id}"`);
    const comm = `${plc.id}.COMM`;
    await withFault({ kind: 'plc-offline', target: plc.id }, async () => {
      await allTags(
        plc.id,
        (q) => q === 'Bad_CommunicationError',
        opcuaSettingsOf(plc).timeoutMs + slowestScan(plc.id) + 1000,
        'Bad',
      );
      await waitFor(
        () =>
          firstSeen(plc.id, since, (q) => q === 'Bad_CommunicationError').size ===
          tagsOf(plc.id).length,
        {
          timeoutMs: 1000,
          what: 'every Bad value on the live stream',
        },
      );
      expect((await health(plc.id)).connected).toBe(false);
      // Annunciated as an alarm of its own, past its 2 s on-delay.
      await waitFor(() => alarms.get(comm)?.active === true, {
        timeoutMs: 5000,
        intervalMs: 100,
        what: `${comm} active`,
      });
    });
    expect(await metric('zld_plc_reconnects_total', `plc="${plc.id}"`)).toBeGreaterThan(
      reconnectsBefore,
    );
    // Back to normal once the PLC answers again (past the 5 s off-delay), and journaled both ways.
    await waitFor(() => alarms.get(comm)?.active === false, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: `${comm} cleared`,
    });
    const states = journal
      .query({ from: since, to: Date.now() + 1, limit: -1 })
      .filter((e) => e.alarmId === comm)
      .map((e) => e.to);
    expect(states[0]).toBe('Unack-Active');
    expect(states).toContain('RTN-Unack');
  }, 60_000);

  it('modbus-exception 0x04 and 0x0B: Bad_DeviceFailure and Bad_CommunicationError, counted by code', async () => {
    const plcId = 'PLC-300';
    for (const [code, quality, name] of [
      [4, 'Bad_DeviceFailure', '0x04'],
      [11, 'Bad_CommunicationError', '0x0b'],
    ] as const) {
      const before = await metric('zld_plc_exceptions_total', `plc="${plcId}",code="${name}"`);
      await withFault({ kind: 'modbus-exception', target: plcId, magnitude: code }, async () => {
        await allTags(plcId, (q) => q === quality, slowestScan(plcId) + 1000, quality);
        expect(
          await metric('zld_plc_exceptions_total', `plc="${plcId}",code="${name}"`),
        ).toBeGreaterThan(before);
        expect((await health(plcId)).connected).toBe(true);
      });
    }
  }, 60_000);

  it('modbus-exception 0x06 (busy): the last usable value as Uncertain, Bad_Stale once it is too old', async () => {
    const plcId = 'PLC-300';
    const since = Date.now();
    await withFault({ kind: 'modbus-exception', target: plcId, magnitude: 6 }, async () => {
      const uncertain = await waitFor(
        () => {
          const seen = firstSeen(plcId, since, (q) => q === 'Uncertain_LastUsableValue');
          return seen.size === tagsOf(plcId).length && seen;
        },
        { timeoutMs: slowestScan(plcId) + 2000, what: 'every tag Uncertain_LastUsableValue' },
      );
      expect(uncertain.size).toBe(tagsOf(plcId).length);
      // A repeated old value is not a fresh one: after 3 scan periods the tag turns Bad_Stale.
      await allTags(plcId, (q) => q === 'Bad_Stale', 3 * slowestScan(plcId) + 2000, 'Bad_Stale');
      expect(
        await metric('zld_plc_exceptions_total', `plc="${plcId}",code="0x06"`),
      ).toBeGreaterThan(0);
    });
  }, 60_000);

  it('plc-slow below the timeout: values keep coming, poll durations show the delay', async () => {
    const plcId = 'PLC-100';
    await withFault({ kind: 'plc-slow', target: plcId, magnitude: 60 }, async () => {
      await waitFor(
        async () => (await metric('zld_plc_poll_duration_max_seconds', `plc="${plcId}"`)) >= 0.06,
        {
          timeoutMs: 5000,
          what: 'a poll of 60 ms or more',
        },
      );
      await new Promise((r) => setTimeout(r, 2000));
      expect((await tagsNow(plcId)).filter((t) => t.quality !== 'Good').map((t) => t.name)).toEqual(
        [],
      );
    });
  }, 60_000);

  it('plc-slow beyond what a scan allows: overruns counted, late values Bad_Stale, no comm error', async () => {
    const plcId = 'PLC-100';
    const overrunsBefore = await metric('zld_plc_poll_overruns_total', `plc="${plcId}"`);
    const timeoutsBefore = await metric('zld_plc_timeouts_total', `plc="${plcId}"`);
    await withFault({ kind: 'plc-slow', target: plcId, magnitude: 400 }, async () => {
      await waitFor(
        async () =>
          (await metric('zld_plc_poll_overruns_total', `plc="${plcId}"`)) > overrunsBefore,
        {
          timeoutMs: 5000,
          what: 'an overrun',
        },
      );
      await new Promise((r) => setTimeout(r, 2000));
      const qualities = new Set((await tagsNow(plcId)).map((t) => t.quality));
      for (const q of qualities) expect(['Good', 'Bad_Stale']).toContain(q);
      expect(await metric('zld_plc_timeouts_total', `plc="${plcId}"`)).toBe(timeoutsBefore);
    });
  }, 60_000);

  it('plc-slow beyond the timeout: timeouts, Bad_CommunicationError, demotion; nothing crashes', async () => {
    const plc = plant.plcById.get('PLC-100')!;
    await withFault(
      { kind: 'plc-slow', target: plc.id, magnitude: modbusSettingsOf(plc).timeoutMs + 500 },
      async () => {
        await allTags(
          plc.id,
          (q) => q === 'Bad_CommunicationError',
          modbusSettingsOf(plc).timeoutMs * 4 + slowestScan(plc.id),
          'Bad',
        );
        await waitFor(async () => (await health(plc.id)).demoted, {
          timeoutMs: 10_000,
          what: 'demotion',
        });
        expect(await metric('zld_plc_demoted', `plc="${plc.id}"`)).toBe(1);
        expect((await gw.get<HealthDto>('/healthz')).status).toBe('degraded');
      },
    );
  }, 60_000);

  it('modbus-exception 0x02 (illegal address): Bad_ConfigurationError, logged once, not hammered', async () => {
    const plcId = 'PLC-300';
    const id = await sims.addFault({ kind: 'modbus-exception', target: plcId, magnitude: 2 });
    try {
      await allTags(
        plcId,
        (q) => q === 'Bad_ConfigurationError',
        slowestScan(plcId) + 1000,
        'Bad_ConfigurationError',
      );
      const requests = await metric('zld_plc_requests_total', `plc="${plcId}"`);
      await new Promise((r) => setTimeout(r, 2000));
      // A block that drew 0x02 rests (the driver retries it rarely), so no request is sent meanwhile.
      expect(await metric('zld_plc_requests_total', `plc="${plcId}"`)).toBe(requests);
    } finally {
      await sims.clearFault(id);
    }
    // (The blocks are retried a minute later; that recovery is the driver's own test.)
    expect((await gw.get<HealthDto>('/healthz')).plcs.every((p) => p.connected)).toBe(true);
  }, 60_000);
});

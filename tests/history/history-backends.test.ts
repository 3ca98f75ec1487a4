// One suite, two backends: the gateway historizes every tag of the simulated plant, and /api/history answers the ground truth.
import type { HistoryPointDto, HistoryResponseDto, HistorySeriesDto } from '@zld/api';
import type { TagDef } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { TagCodec, type TagValue } from '@zld/tags';
import ModbusRTU from 'modbus-serial';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noInfluxd, startInfluxd } from '@zld/testkit/influxd-suite';
import { check, waitFor } from '@zld/testkit';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { startHistoryGateway, type HistoryGateway } from './history-gateway.js';

/** A series' raw points (the wire type has each mode's fields optional): it must be raw and carry them. */
function rawPoints(s: HistorySeriesDto): HistoryPointDto[] {
  if (s.mode !== 'raw' || s.points === undefined)
    throw new Error(`${s.name}: ${s.mode}, raw points expected`);
  return s.points;
}

const plant = loadPlant();
const clockTags = new Set(plant.plcs.map((p) => p.clockTag));
const plcTags = plant.tags.filter((t) => !t.computed);
const balanceTags = plant.tags.filter((t) => t.computed && t.name.startsWith('FY-'));
const iso = (ms: number) => new Date(ms).toISOString();

interface Backend {
  name: string;
  unavailable: boolean;
  /** Starts the store; answers the gateway's INFLUX_URL (none for the embedded store) and how to stop it. */
  start(): Promise<{ influxUrl?: string; stop(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'the embedded store (SQLite)',
    unavailable: false,
    start: async () => ({ stop: async () => {} }),
  },
  {
    name: 'InfluxDB 1.x (a real influxd)',
    unavailable: noInfluxd,
    start: async () => {
      const server = await startInfluxd();
      return { influxUrl: server.databaseUrl('zld'), stop: () => server.dispose() };
    },
  },
];

/** One `/sim/state` sample: the true values, when they were true in plant time and in wall time. */
interface Truth {
  sim: number;
  wall: number;
  tags: Record<string, number | boolean>;
}

/**
 * Between the true value and a PLC reading of a measured variable sits a transmitter (plant model
 * section 3 in docs/plant-model.md: first-order lag, dead time, noise, 16-bit quantisation); set points, outputs, modes,
 * commands, states, totalisers and clocks the PLC serves as they are.
 */
const isTransmitted = (t: TagDef): boolean =>
  t.dataType !== 'bool' && !t.name.includes('.') && !/^(KI|FQ|FFY)-/.test(t.name);

/** Noise (a few sigma of up to 3 % of reading), resolution and deadband allowed around the truth. */
const tolerance = (t: TagDef, truth: number): number =>
  0.02 * Math.abs(t.range[1] - t.range[0]) +
  0.1 * Math.abs(truth) +
  t.deadband +
  (t.range[1] - t.range[0]) / 65535;

/** How long after a change in the PLC a reading of the tag can arrive: one scan plus transport. */
function lagMs(t: TagDef): number {
  const period = plant.plcById.get(t.plc ?? '')?.scanClasses[t.scanClass ?? '']?.periodMs ?? 1000;
  return period + 1500;
}

/** Modbus readings are stamped on receipt (wall time), OPC UA readings carry plant time. */
const stampedInPlantTime = (t: TagDef): boolean =>
  plant.plcById.get(t.plc ?? '')?.protocol === 'opcua';

const numeric = (v: number | boolean | null): number | null =>
  v === null ? null : typeof v === 'boolean' ? Number(v) : v;

describe.each(BACKENDS)('historization to $name', (backend) => {
  describe.skipIf(backend.unavailable)('with the simulated PLCs', () => {
    let sims: TestSimulators;
    let store: Awaited<ReturnType<Backend['start']>>;
    let dataDir: string;
    let gw: HistoryGateway;
    const truths: Truth[] = [];
    const published = new Map<string, TagValue[]>();
    const balance: { name: string; value: number }[] = [];
    let runFrom = 0;
    let runTo = 0;
    let spBefore = 0;
    let spAfter = 0;
    let sampling = false;
    let sampler: Promise<void> = Promise.resolve();

    beforeAll(async () => {
      sims = await startTestSimulators({ speed: 1 });
      // Ground truth from the plant's first moments on, so the lag of slow transmitters is covered.
      sampling = true;
      sampler = (async () => {
        while (sampling) {
          const before = Date.now();
          const s = await sims.state();
          truths.push({ sim: Date.parse(s.time), wall: (before + Date.now()) / 2, tags: s.tags });
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      // Handled here too, so that a failure elsewhere in this set-up is not hidden by this one.
      sampler.catch(() => undefined);
      store = await backend.start();
      dataDir = await mkdtemp(join(tmpdir(), 'zld-history-data-'));
      gw = await startHistoryGateway({
        plcEndpoints: sims.plcEndpoints,
        plant,
        dataDir,
        ...(store.influxUrl !== undefined ? { influxUrl: store.influxUrl } : {}),
        beforeStart: (runtime) =>
          runtime.subscribe((changes) => {
            for (const v of changes) {
              const list = published.get(v.name) ?? [];
              list.push(v);
              published.set(v.name, list);
            }
          }),
      });
      await waitFor(
        () => {
          const bad = gw.runtime
            .snapshot()
            .filter((v) => plant.tag(v.name).plc !== undefined && v.quality !== 'Good');
          return check(bad.length === 0, () => `${bad.length} PLC tags not Good yet`);
        },
        { timeoutMs: 15_000, intervalMs: 100, what: 'every PLC tag Good' },
      );

      // A setpoint moved in the PLC (as an operator would), so history must follow a change.
      const sp = plant.tag('TIC-101.SP');
      const codec = new TagCodec(sp, { byteOrder: 'big', wordOrder: 'big' });
      const address = (sp.address as { address: number }).address;
      const mb = new ModbusRTU.default();
      const ep = sims.running.endpoints['PLC-100']!;
      await mb.connectTCP(ep.host, { port: ep.port });
      mb.setID(ep.unitId ?? 1);
      spBefore = Number(gw.runtime.value(sp.name)?.value);

      runFrom = Date.now();
      for (let i = 0; i < 12; i++) {
        // The balance tags, as the water balance publishes them (computed, through the runtime).
        for (const [k, t] of balanceTags.entries()) {
          const value =
            Math.round((t.range[0] + ((t.range[1] - t.range[0]) * (i + k)) / 24) * 100) / 100;
          gw.runtime.setComputed(t.name, value, 'Good');
          balance.push({ name: t.name, value });
        }
        if (i === 3) {
          spAfter = Math.round(spBefore) + 5;
          await mb.writeRegisters(address, codec.encode(spAfter));
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      mb.close(() => {});
      // Stop the plant side, then wait until everything recorded is in the final store.
      await gw.runtime.stop();
      runTo = Date.now();
      sampling = false;
      await sampler;
      await gw.service.flush();
      await waitFor(() => gw.service.backlog() === 0, {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'the historian backlog to drain',
      });
    }, 90_000);

    afterAll(async () => {
      sampling = false;
      await sampler.catch(() => undefined);
      await gw?.close();
      await sims?.stop();
      await store?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    /** Plant time at a wall instant, from the nearest ground-truth sample (the plant runs at 1x). */
    function simAtWall(wall: number): number {
      const s = truths.reduce((a, b) =>
        Math.abs(b.wall - wall) < Math.abs(a.wall - wall) ? b : a,
      );
      return s.sim + (wall - s.wall);
    }

    /** Every tag's raw history over the run, asked 64 tags at a time through the API. */
    async function history(names: readonly string[]): Promise<Map<string, HistoryPointDto[]>> {
      const out = new Map<string, HistoryPointDto[]>();
      for (let i = 0; i < names.length; i += 64) {
        const q = new URLSearchParams({
          tags: names.slice(i, i + 64).join(','),
          from: iso(runFrom - 120_000),
          to: iso(runTo + 1000),
          maxPoints: '3000',
        });
        const body = await gw.get<HistoryResponseDto>(`/api/history?${q}`);
        for (const s of body.series) out.set(s.name, rawPoints(s));
      }
      return out;
    }

    it('stores every tag of the plant: PLC tags, the balance tags and its own buffer fill (UY-990)', async () => {
      const all = await history(plant.tags.map((t) => t.name));
      const missing = plant.tags
        .filter((t) => (all.get(t.name)?.length ?? 0) === 0)
        .map((t) => t.name);
      expect(missing).toEqual([]);
      expect(all.get('UY-990')?.map((p) => [p.value, p.quality])).toEqual([[0, 'Good']]);
      for (const t of balanceTags) {
        const set = balance.filter((b) => b.name === t.name).map((b) => b.value);
        const stored = all.get(t.name)!.map((p) => p.value);
        expect(
          stored.every((v) => set.includes(v as number)),
          t.name,
        ).toBe(true);
        expect(stored.at(-1), t.name).toBe(set.at(-1));
      }
    });

    it('stores what the gateway read: each point as read, every reading within the deadband of a point', async () => {
      const all = await history(plant.tags.map((t) => t.name));
      const wrong: string[] = [];
      for (const t of plant.tags) {
        const read = published.get(t.name) ?? [];
        const stored = all.get(t.name) ?? [];
        const key = (ts: number, v: number | boolean | null, q: string) =>
          `${ts} ${numeric(v)} ${q}`;
        const readKeys = new Set(read.map((v) => key(v.ts, v.value, v.quality)));
        for (const p of stored)
          if (!readKeys.has(key(Date.parse(p.ts), p.value, p.quality)))
            wrong.push(`${t.name}: stored ${p.ts} ${p.value} ${p.quality} was never read`);
        for (const v of read) {
          const held = stored.filter((p) => Date.parse(p.ts) <= v.ts).at(-1);
          const a = numeric(v.value);
          const b = held ? numeric(held.value) : undefined;
          const ok =
            held !== undefined &&
            held.quality === v.quality &&
            (a === b || (a !== null && b != null && Math.abs(a - b) <= t.deadband));
          if (!ok)
            wrong.push(
              `${t.name}: read ${iso(v.ts)} ${v.value} ${v.quality}, stored ${held?.ts} ${held?.value}`,
            );
        }
      }
      expect(wrong.slice(0, 20)).toEqual([]);
    });

    it('answers what the simulated plant really did, within transmitter lag, noise and deadband', async () => {
      const all = await history(plcTags.map((t) => t.name));
      const wrong: string[] = [];
      for (const t of plcTags) {
        const points = all
          .get(t.name)!
          .map((p) => ({ t: Date.parse(p.ts), v: numeric(p.value), q: p.quality }));
        if (points.some((p) => p.q !== 'Good')) wrong.push(`${t.name}: a point not Good`);
        const when = (s: Truth) => (stampedInPlantTime(t) ? s.sim : s.wall);
        if (clockTags.has(t.name)) {
          // A PLC clock reads plant time itself (epoch seconds), which may lag the wall clock.
          for (const p of points) {
            const plantMs = stampedInPlantTime(t) ? p.t : simAtWall(p.t);
            if (Math.abs(Number(p.v) - plantMs / 1000) > lagMs(t) / 1000)
              wrong.push(`${t.name}: ${p.v} at ${iso(p.t)} (plant time ${iso(plantMs)})`);
          }
          continue;
        }
        if (isTransmitted(t)) {
          // A transmitter's reading (lags, dead time) is a weighted mean of its value when the gateway
          // first read it and the true values since: it stays within their range, give or take noise.
          const first = numeric(published.get(t.name)?.[0]?.value ?? null);
          for (const p of points) {
            const since = truths.filter((s) => when(s) <= p.t + lagMs(t));
            const seen = [...(since.length > 0 ? since : truths.slice(0, 1))].map((s) =>
              Number(s.tags[t.name]),
            );
            if (first === null || seen.length === 0 || seen.some(Number.isNaN)) {
              wrong.push(`${t.name}: no ground truth for ${iso(p.t)}`);
              continue;
            }
            const [lo, hi] = [Math.min(first, ...seen), Math.max(first, ...seen)];
            const tol = tolerance(t, Math.max(Math.abs(lo), Math.abs(hi)));
            if (!(Number(p.v) >= lo - tol && Number(p.v) <= hi + tol))
              wrong.push(`${t.name}: ${p.v} at ${iso(p.t)} outside [${lo}, ${hi}]`);
          }
          continue;
        }
        // Set points, outputs, modes, commands, states, totalisers: what the PLC holds, around that time.
        for (const s of truths.filter((x) => x.wall >= runFrom)) {
          const real = s.tags[t.name];
          if (real === undefined) {
            wrong.push(`${t.name}: no ground truth`);
            break;
          }
          const at = when(s);
          const lag = lagMs(t);
          const near = points.filter((p) => p.t >= at - lag && p.t <= at + lag);
          const held = points.filter((p) => p.t < at - lag).at(-1);
          const cands = (held ? [held, ...near] : near).map((p) => Number(p.v));
          // Outputs move with every PLC cycle (PID on a noisy PV); the truth is one instant of that.
          const tol = t.deadband + 0.03 * (t.range[1] - t.range[0]);
          const r = Number(real);
          if (cands.length === 0 || r < Math.min(...cands) - tol || r > Math.max(...cands) + tol)
            wrong.push(`${t.name} at ${iso(at)}: truth ${real}, stored ${cands.join('/')}`);
        }
      }
      expect(wrong.slice(0, 20)).toEqual([]);
      // The setpoint change is in the history, with both values.
      const sp = all.get('TIC-101.SP')!.map((p) => p.value);
      expect(sp[0]).toBeCloseTo(spBefore, 3);
      expect(sp.at(-1)).toBeCloseTo(spAfter, 3);
    });

    it('gives the same window as CSV, one row per stored point', async () => {
      const names = ['TIC-101.SP', 'KI-100', 'XV-901.CMD'];
      const q = new URLSearchParams({
        tags: names.join(','),
        from: iso(runFrom - 120_000),
        to: iso(runTo + 1000),
        maxPoints: '3000',
      });
      const json = await gw.get<HistoryResponseDto>(`/api/history?${q}`);
      const res = await gw.fetch(`/api/history.csv?${q}`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = (await res.text()).trimEnd().split('\r\n');
      const expected = json.series.flatMap((s) =>
        s.mode === 'raw'
          ? rawPoints(s).map((p) => `${s.name},${p.ts},${String(p.value)},,,,,${p.quality},1,0`)
          : [],
      );
      expect(expected.length).toBeGreaterThan(10);
      expect(rows).toEqual(['tag,time,value,min,mean,max,last,quality,count,bad', ...expected]);
    });

    it('reports a healthy historian and its counters', async () => {
      expect(gw.service.health()).toMatchObject({ connected: true, lastError: null, backlog: 0 });
      const text = await (await gw.fetch('/metrics')).text();
      const value = (name: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${name} `))
            ?.split(' ')[1],
        );
      expect(value('zld_historian_points_written_total')).toBeGreaterThan(plant.tags.length);
      expect(value('zld_historian_up')).toBe(1);
      expect(value('zld_historian_backlog_points')).toBe(0);
      expect(value('zld_historian_dropped_points_total{reason="overflow"}')).toBe(0);
    });
  });
});

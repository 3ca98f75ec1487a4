// The gateway against the simulated PLCs over real Modbus TCP and OPC UA: qualities, values, health, metrics, latency.
import type { HealthDto, TagDto } from '@zld/api';
import { loadPlant } from '@zld/protocols';
import { TagCodec } from '@zld/tags';
import ModbusRTU from 'modbus-serial';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { connectLive, type LiveClient } from '../helpers/live-client.js';
import { check, startLoopLag, waitFor } from '@zld/testkit';
import { startTestSimulators, type SimState, type TestSimulators } from '../helpers/simulators.js';

const plant = loadPlant();
const plcTags = plant.tags.filter((t) => !t.computed);

/** Sensor noise (3 sigma and more) and quantisation allowance when comparing a reading with the truth. */
function tolerance(name: string, truth: number): number {
  const t = plant.tag(name);
  const span = Math.abs(t.range[1] - t.range[0]);
  return 0.02 * span + 3 * (t.accuracy ?? 0.01) * Math.abs(truth) + t.deadband;
}

/** What the wire may change of a PLC value: float32 rounding, the scaling's raw step, the deadband. */
function servedPrecision(name: string, v: number): number {
  const t = plant.tag(name);
  const step = t.scaling
    ? Math.abs((t.scaling.eu[1] - t.scaling.eu[0]) / (t.scaling.raw[1] - t.scaling.raw[0]))
    : 0;
  return Math.abs(v) * 1e-6 + step + t.deadband + 1e-9;
}

/**
 * Tags whose reading follows the process within a second or two: everything but the slow
 * instruments of the simulated plant (temperature, weight, analysers, pH, conductivity, and the
 * level indicator-transmitters, whose lags run from 5 s to minutes).
 */
function followsTruthClosely(name: string): boolean {
  const t = plant.tag(name);
  const letters = name.split('-')[0] ?? '';
  const measured =
    !t.computed && t.dataType !== 'bool' && !name.includes('.') && !/^(KI|FQ|FFY)$/.test(letters);
  if (!measured) return true;
  if (t.unit === 'pH' || t.unit === 'µS/cm' || letters === 'LIT') return false;
  return !['T', 'W', 'A', 'D', 'V'].includes(letters[0] ?? '');
}

describe('gateway with the simulated PLCs', () => {
  let sims: TestSimulators;
  let gw: TestGateway;
  let startedAt = 0;

  let pkiDir: string;

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    // A gateway in service has its OPC UA client certificate already (made once, on its first start,
    // which takes seconds): run one first, then time the start of the next.
    pkiDir = await mkdtemp(join(tmpdir(), 'zld-gw-pki-'));
    const first = await startTestGateway({ plcEndpoints: sims.plcEndpoints, pkiDir });
    await waitFor(async () => (await first.get<HealthDto>('/healthz')).status === 'ok', {
      timeoutMs: 30_000,
      what: 'the first gateway to connect every PLC',
    });
    await first.close();
    startedAt = Date.now();
    gw = await startTestGateway({ plcEndpoints: sims.plcEndpoints, pkiDir });
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await sims?.stop();
    if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
  });

  it('brings every PLC tag of the pilot plant to Good within 5 s of start', async () => {
    await waitFor(
      async () => {
        const tags = await gw.get<TagDto[]>('/api/tags');
        const notGood = tags.filter((t) => !t.computed && t.quality !== 'Good');
        return check(
          notGood.length === 0,
          () =>
            `${notGood.length} not Good: ${notGood
              .slice(0, 8)
              .map((t) => `${t.name} ${t.quality}`)
              .join(', ')}`,
        );
      },
      {
        timeoutMs: Math.max(0, startedAt + 5000 - Date.now()),
        intervalMs: 100,
        what: 'every PLC tag Good',
      },
    );
    // Computed tags (FY-9xx) come from the water balance, which this runtime does not run yet.
    const computed = (await gw.get<TagDto[]>('/api/tags')).filter((t) => t.computed);
    for (const t of computed) expect(t.quality).toBe('Bad_WaitingForInitialData');
  });

  it('follows the ground truth within sensor noise', async () => {
    // Over the last seconds (longer than the slowest scan) the test samples, side by side, the ground
    // truth (/sim/state) and what each simulated PLC serves (its instruments' readings); then it reads
    // the gateway. Each gateway value must match, at some moment between its timestamp (when it last
    // changed beyond its deadband) and now:
    // - the PLC's own value, to the precision of the register type: nothing lost on the wire;
    // - the true value within sensor noise, for every tag whose instrument follows the process within
    //   a second or two (flows, levels, pressures, speeds; setpoints, outputs, modes, commands, states).
    //   Slow instruments (thermowells, weighers, analysers: 5-300 s lag and dead time) legitimately
    //   trail a moving truth by more than their noise; they are held to the PLC's value only.
    const slowest = Math.max(
      ...plant.plcs.flatMap((p) => Object.values(p.scanClasses).map((c) => c.periodMs)),
    );
    const runner = sims.running.simulator.runner;
    const history: { at: number; truth: SimState; served: Map<string, number | boolean> }[] = [];
    const sample = async () => {
      const truth = await sims.state();
      const served = new Map(plcTags.map((t) => [t.name, runner.read(t.name)] as const));
      history.push({ at: Date.parse(truth.time), truth, served });
    };
    const until = Date.now() + slowest + 1000;
    while (Date.now() < until) {
      await sample();
      await new Promise((r) => setTimeout(r, 200));
    }
    const tags = new Map((await gw.get<TagDto[]>('/api/tags')).map((t) => [t.name, t] as const));
    await sample();

    const wrong: string[] = [];
    const bracket = (
      values: (number | boolean | undefined)[],
      got: TagDto,
      tol: (v: number) => number,
      what: string,
    ) => {
      if (values.some((v) => v === undefined)) return wrong.push(`${got.name}: no ${what}`);
      if (typeof got.value === 'boolean' || typeof values[0] === 'boolean')
        return (
          values.includes(got.value as boolean) ||
          wrong.push(`${got.name}: ${got.value} vs ${what} ${values.join('/')}`)
        );
      const nums = values.map(Number);
      const [lo, hi] = [Math.min(...nums), Math.max(...nums)];
      const v = Number(got.value);
      return (
        (v >= lo - tol(lo) && v <= hi + tol(hi)) ||
        wrong.push(`${got.name}: ${v} vs ${what} [${lo}, ${hi}]`)
      );
    };
    for (const def of plcTags) {
      const got = tags.get(def.name)!;
      if (got.quality !== 'Good') {
        wrong.push(`${def.name}: ${got.quality}`);
        continue;
      }
      const since = (ms: number) => history.filter((h) => h.at >= Date.parse(got.ts) - ms);
      const windowOf = (ms: number) => (since(ms).length > 0 ? since(ms) : history);
      if (plant.plcById.get(def.plc!)?.clockTag === def.name) {
        // A PLC clock (epoch seconds): between the simulated times of the first and last samples.
        bracket([history[0]!.at / 1000, history.at(-1)!.at / 1000], got, () => 2, 'simulated time');
        continue;
      }
      bracket(
        windowOf(1000).map((h) => h.served.get(def.name)),
        got,
        (v) => servedPrecision(def.name, v),
        'PLC value',
      );
      if (followsTruthClosely(def.name))
        bracket(
          windowOf(5000).map((h) => h.truth.tags[def.name]),
          got,
          (v) => tolerance(def.name, v),
          'truth',
        );
    }
    expect(wrong).toEqual([]);
  }, 30_000);

  it('answers /healthz with every PLC connected', async () => {
    const h = await gw.get<HealthDto>('/healthz');
    expect(h.status).toBe('ok');
    expect(h.plcs.map((p) => [p.id, p.protocol, p.connected, p.demoted])).toEqual([
      ['PLC-100', 'modbus', true, false],
      ['PLC-200', 'opcua', true, false],
      ['PLC-300', 'modbus', true, false],
    ]);
  });

  it('counts polls, requests and samples per PLC in /metrics', async () => {
    const text = await gw.getText('/metrics');
    const value = (metric: string, plc: string) =>
      Number(new RegExp(`^${metric}\\{plc="${plc}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    for (const plc of ['PLC-100', 'PLC-300']) {
      expect(value('zld_plc_polls_total', plc), plc).toBeGreaterThan(0);
      expect(value('zld_plc_requests_total', plc), plc).toBeGreaterThan(0);
      expect(value('zld_plc_poll_duration_seconds_total', plc), plc).toBeGreaterThan(0);
    }
    for (const plc of ['PLC-100', 'PLC-200', 'PLC-300']) {
      expect(value('zld_plc_connected', plc), plc).toBe(1);
      expect(value('zld_plc_samples_total', plc), plc).toBeGreaterThan(0);
    }
    // The rate is measured over whole seconds.
    await waitFor(
      async () =>
        Number(/^zld_tag_updates_per_second (\S+)$/m.exec(await gw.getText('/metrics'))?.[1]) > 0,
      { timeoutMs: 3000, what: 'a tag update rate' },
    );
  });

  describe('latency to a socket.io client', () => {
    let live: LiveClient;
    let mb: InstanceType<typeof ModbusRTU.default>;
    beforeAll(async () => {
      live = await connectLive(gw.url);
      mb = new ModbusRTU.default();
      const ep = sims.running.endpoints['PLC-100']!;
      await mb.connectTCP(ep.host, { port: ep.port });
      mb.setID(ep.unitId ?? 1);
      mb.setTimeout(1000);
    });
    afterAll(() => {
      live?.close();
      mb?.close(() => {});
    });

    it('sees a change in a simulated value within one scan period plus 100 ms', async () => {
      const tag = plant.tag('TIC-101.SP');
      const period = plant.plcById.get('PLC-100')!.scanClasses[tag.scanClass!]!.periodMs;
      const codec = new TagCodec(tag, { byteOrder: 'big', wordOrder: 'big' });
      const address = (tag.address as { address: number }).address;
      const lag = startLoopLag();
      for (const target of [72.5, 77.25, 65.75]) {
        const seen = live.next((v) => v.name === tag.name && v.value === target, 5 * period);
        const regs = codec.encode(target);
        await mb.writeRegisters(address, regs);
        // The change happens in the simulated PLC when its register answers the new value.
        let changedAt = 0;
        for (;;) {
          const r = await mb.readHoldingRegisters(address, regs.length);
          if (r.data.every((w, i) => w === regs[i])) {
            changedAt = Date.now();
            break;
          }
        }
        const { at } = await seen;
        // One scan period plus the 100 ms pacing, plus the event-loop delay of a busy machine.
        expect(at - changedAt, `${tag.name} = ${target}`).toBeLessThanOrEqual(
          period + 100 + lag.maxMs(),
        );
      }
      lag.stop();
    });
  });
});

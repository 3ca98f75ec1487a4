// The scenario engine over the sockets: the simulators (Modbus TCP, OPC UA, control API) and the whole gateway as
// `npm run gateway` assembles it (plant time, embedded historian, users, audit), on free loopback ports.
import type { PublicAlarm } from '@zld/alarms';
import {
  assembleGateway,
  openSecurity,
  startGateway,
  type EndpointOverride,
  type RunningGateway,
} from '@zld/gateway';
import { PlantSim, startSimulators, type RunningSimulators } from '@zld/simulators';
import { wallClock } from '@zld/tags';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { faultSpecOf, injectLabel, judgeWrite, type StepResult } from './actions.js';
import type { ScenarioEngine } from './engine.js';
import type { Probe } from './expectations.js';
import type { Scenario } from './parse.js';
import type { Step } from './schema.js';
import { RestClient, type Answer } from './rest-client.js';

const ROLES = ['viewer', 'operator', 'engineer', 'admin'] as const;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Default speed over the sockets: a plant minute in three seconds. */
export const DEFAULT_SOCKETS_SPEED = 20;

/** Starts the simulators and a gateway for one scenario; resolves once every PLC answers. */
export async function startSocketsEngine(s: Scenario): Promise<ScenarioEngine> {
  const f = s.file;
  const dataDir = await mkdtemp(join(tmpdir(), 'zld-scenario-'));
  const stops: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  try {
    const sims = await startSimulators({
      plant: s.plant,
      createPlant: (p, seed) => {
        const sim = new PlantSim({ plant: p, seed });
        for (let k = 0; k < (f.warmUp ?? 3600); k++) sim.step(1);
        return sim;
      },
      host: '127.0.0.1',
      ports: Object.fromEntries(s.plant.plcs.map((p) => [p.id, 0])),
      controlPort: 0,
      speed: f.speed ?? DEFAULT_SOCKETS_SPEED,
      seed: f.seed ?? 1,
      pkiDir: join(dataDir, 'pki', 'sim'),
      log: () => {},
    });
    stops.unshift(() => sims.stop());
    const password = randomBytes(18).toString('base64url');
    const security = await openSecurity({
      dataDir,
      clock: wallClock,
      adminPassword: password,
      warn: () => {},
    });
    let securityOpen = true;
    stops.unshift(async () => {
      if (securityOpen) security.close();
    });
    for (const role of ROLES)
      if (role !== 'admin') await security.users.add(`scenario-${role}`, password, role);
    const plcEndpoints: Record<string, EndpointOverride> = {};
    for (const [id, e] of Object.entries(sims.endpoints))
      plcEndpoints[id] =
        e.protocol === 'opcua' ? { endpointUrl: e.url } : { host: e.host, port: e.port };
    const assembly = await assembleGateway({
      plant: s.plant,
      clock: 'plc',
      plcEndpoints,
      dataDir,
      security,
      driverOptions: {
        pkiDir: join(dataDir, 'pki', 'gateway'),
        protocolOptions: { opcua: { acceptUnknownCertificate: true } },
        logger: quiet,
      },
      logger: quiet,
      metricsRegistry: new Registry(),
      app: { logger: { level: 'silent' } },
    });
    const gateway = await startGateway({
      services: assembly.services,
      runtime: assembly.runtime,
      app: assembly.app,
      listen: { host: '127.0.0.1', port: 0 },
    });
    securityOpen = false; // the gateway closes the stores when it stops
    stops.unshift(() => gateway.stop());
    const rest = new RestClient(gateway.address!);
    for (const role of ROLES)
      await rest.login(role, role === 'admin' ? 'admin' : `scenario-${role}`, password);
    const engine = new SocketsEngine(
      s,
      sims,
      gateway,
      rest,
      () => assembly.runtime.timebase.clock.now(),
      stops,
    );
    await engine.waitForPlcs();
    return engine;
  } catch (err) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw err;
  }
}

class SocketsEngine implements ScenarioEngine {
  private startMs = 0;
  private readonly faultIds = new Map<string, string>();
  private readonly tags: string[];
  private readonly errors: string[] = [];

  constructor(
    private readonly s: Scenario,
    private readonly sims: RunningSimulators,
    private readonly gateway: RunningGateway,
    private readonly rest: RestClient,
    private readonly plantNow: () => number,
    private readonly stops: (() => Promise<void>)[],
  ) {
    this.tags = [...new Set(s.file.expect.flatMap((e) => ('tag' in e ? [e.tag] : [])))];
  }

  /** Every PLC connected and the gateway on plant time: t = 0 is then. */
  async waitForPlcs(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const h = await this.rest.get<{ plcs: { id: string; connected: boolean }[] }>(
        'viewer',
        '/healthz',
      );
      if (h.ok && h.body.plcs.every((p) => p.connected) && this.plantNow() > 0) break;
      if (Date.now() > deadline)
        throw new Error(`the gateway did not reach every PLC within 60 s: ${h.text}`);
      await sleep(200);
    }
    this.startMs = Math.ceil(this.plantNow() / 1000) * 1000;
  }

  elapsedS(): number {
    return Math.max(0, (this.plantNow() - this.startMs) / 1000);
  }

  async advanceTo(t: number): Promise<void> {
    const speed = this.s.file.speed ?? DEFAULT_SOCKETS_SPEED;
    while (this.elapsedS() < t)
      await sleep(Math.max(5, Math.min(100, ((t - this.elapsedS()) * 1000) / speed)));
  }

  async schedule(steps: readonly Step[]): Promise<StepResult[]> {
    const out: StepResult[] = [];
    for (const [index, step] of steps.entries()) {
      if (!('inject' in step)) continue;
      const spec = faultSpecOf(step, this.startMs);
      const label = injectLabel(step);
      const r = await this.rest.simulator<{ id: string }>(this.sims, 'POST', '/sim/faults', spec);
      if (r.ok && step.name !== undefined) this.faultIds.set(step.name, r.body.id);
      out.push({
        index,
        label,
        ok: r.ok,
        message: r.ok ? `booked as ${r.body.id} (control API)` : r.text,
        atS: step.at,
      });
    }
    return out;
  }

  async run(index: number, s: Step, t: number): Promise<StepResult | null> {
    const done = (ok: boolean, label: string, message: string) => ({
      index,
      label,
      ok,
      message,
      atS: t,
    });
    if ('inject' in s) return null;
    if ('clear' in s) {
      const id = this.faultIds.get(s.clear);
      if (id === undefined) return done(false, `clear ${s.clear}`, 'no such fault booked');
      const r = await this.rest.simulator(
        this.sims,
        'DELETE',
        `/sim/faults/${encodeURIComponent(id)}`,
      );
      return done(r.ok, `clear ${s.clear}`, r.ok ? `${id} cleared` : r.text);
    }
    const enc = encodeURIComponent;
    if ('write' in s) {
      const w = s.write;
      const label = `write ${w.tag} = ${String(w.value)} as ${w.as}`;
      let selectId: string | undefined;
      if (this.s.plant.tagByName.get(w.tag)?.write?.critical) {
        const sel = await this.rest.post<{ selectId: string }>(
          w.as,
          `/api/tags/${enc(w.tag)}/select`,
          { value: w.value },
        );
        if (sel.ok) selectId = sel.body.selectId;
        else return judge(s, done, label, sel);
      }
      const body = {
        value: w.value,
        ...(w.reason ? { reason: w.reason } : {}),
        ...(selectId ? { selectId } : {}),
      };
      return judge(
        s,
        done,
        label,
        await this.rest.post(w.as, `/api/tags/${enc(w.tag)}/write`, body),
      );
    }
    let label: string;
    let r: Answer<unknown>;
    if ('ack' in s) {
      label = `ack ${s.ack} as ${s.as}`;
      r = await this.rest.post(
        s.as,
        `/api/alarms/${enc(s.ack)}/ack`,
        s.comment ? { comment: s.comment } : {},
      );
    } else if ('shelve' in s) {
      label = `shelve ${s.shelve} for ${s.minutes} min as ${s.as}`;
      r = await this.rest.post(s.as, `/api/alarms/${enc(s.shelve)}/shelve`, {
        minutes: s.minutes,
        reason: s.reason,
      });
    } else {
      const c = s.setLimit;
      label = `set ${c.alarm} limit to ${c.limit} as ${c.as}`;
      r = await this.rest.post(c.as, `/api/alarms/${enc(c.alarm)}/settings`, {
        limit: c.limit,
        reason: c.reason,
      });
    }
    return done(r.ok && r.status !== 202, label, answerText(r));
  }

  async observe(): Promise<Probe> {
    const [alarms, balance, ...values] = await Promise.all([
      this.rest.get<PublicAlarm[]>('viewer', '/api/alarms'),
      this.rest.get<{
        questionable: boolean;
        windows: { id: string; residual: { kgH: number } }[];
      }>('viewer', '/api/water-balance'),
      ...this.tags.map((t) =>
        this.rest.get<{ value: unknown }>('viewer', `/api/tags/${encodeURIComponent(t)}`),
      ),
    ]);
    if (!alarms.ok) this.errors.push(`GET /api/alarms: ${alarms.text}`);
    const byId = new Map((alarms.ok ? alarms.body : []).map((a) => [a.id, a]));
    const valueOf = new Map(
      this.tags.map((t, i) => {
        const v = values[i]!.ok ? (values[i]!.body as { value: unknown }).value : null;
        return [t, typeof v === 'number' || typeof v === 'boolean' ? v : null] as const;
      }),
    );
    return {
      alarm: (id) => byId.get(id),
      activeAlarms: () => [...byId.values()].filter((a) => a.active),
      value: (tag) => valueOf.get(tag) ?? null,
      balanceQuestionable: () => (balance.ok ? balance.body.questionable : null),
      residualKgH: (id) =>
        balance.ok ? (balance.body.windows.find((w) => w.id === id)?.residual.kgH ?? null) : null,
    };
  }

  drainErrors(): string[] {
    return this.errors.splice(0);
  }

  async stop(): Promise<void> {
    for (const stop of this.stops)
      await stop().catch((err: unknown) => this.errors.push(String(err)));
  }
}

function answerText(r: Answer<unknown>): string {
  if (r.status === 202)
    return 'held for two-person approval (scenarios cannot play the second user yet)';
  if (r.ok) return 'done';
  return `refused (${r.code}): ${r.message}`;
}

function judge(
  s: Extract<Step, { write: unknown }>,
  done: (ok: boolean, label: string, message: string) => StepResult,
  label: string,
  r: Answer<unknown>,
): StepResult {
  if (r.status === 202) return done(false, label, answerText(r));
  return judgeWrite(
    s,
    done,
    label,
    r.ok ? { ok: true } : { ok: false, code: r.code, reason: r.message },
  );
}

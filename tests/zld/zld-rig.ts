// The real simulators (process model, Modbus TCP, OPC UA, control API) and a gateway on plant time with the alarm and balance services.
import type { PublicAlarm } from '@zld/alarms';
import {
  assembleRuntime,
  buildApp,
  startGateway,
  type EndpointOverride,
  type Runtime,
} from '@zld/gateway';
import type { Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { startSimulators, type RunningSimulators } from '@zld/simulators';
import type { WaterBalanceResult } from '@zld/water-balance';
import type { FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alarmLive,
  alarmRoutes,
  AlarmJournal,
  AlarmService,
} from '../../apps/gateway/src/alarming/index.js';
import {
  balanceLive,
  balanceRoutes,
  BalanceService,
} from '../../apps/gateway/src/balance/index.js';
import { PlantSim } from '../../simulators/src/plant/plant-sim.js';

export interface RigFault {
  kind: string;
  target: string;
  magnitude?: number;
}

export interface ZldRig {
  plant: Plant;
  sims: RunningSimulators;
  runtime: Runtime;
  alarms: AlarmService;
  balance: BalanceService;
  app: FastifyInstance;
  url: string;
  /** Errors the services reported (none expected). */
  errors: unknown[];
  /** The gateway clock (plant time), epoch ms. */
  now(): number;
  /** The simulator's own plant time, epoch ms (ground truth, from the control API). */
  simNow(): Promise<number>;
  setSpeed(factor: number): Promise<void>;
  addFault(fault: RigFault): Promise<string>;
  clearFault(id: string): Promise<void>;
  /** GET /api/alarms and GET /api/water-balance, as a client sees them. */
  listAlarms(): Promise<PublicAlarm[]>;
  waterBalance(): Promise<WaterBalanceResult | null>;
  stop(): Promise<void>;
}

async function call<T>(url: string, init?: RequestInit, token?: string): Promise<T> {
  const res = await fetch(
    url,
    token === undefined
      ? init
      : {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string> | undefined),
            authorization: `Bearer ${token}`,
          },
        },
  );
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Everything on free loopback ports: the simulators run the process model (not the stand-in plant),
 * warmed up for an hour, the
 * gateway reads them through its real drivers with `--clock plc`, and the alarm and balance services run
 * as the integrated gateway runs them (timers on, journal on disk in a temporary data folder).
 */
export async function startZldRig(options: {
  speed: number;
  seed?: number;
  /** Plant seconds the model runs alone before the servers start (default 1 h). */
  warmUpS?: number;
}): Promise<ZldRig> {
  const plant = loadPlant();
  const sims = await startSimulators({
    plant,
    createPlant: (p, seed) => {
      // A plant that has been running: the gateway connects to it after the start-up transient.
      const sim = new PlantSim({ plant: p, seed });
      for (let s = 0; s < (options.warmUpS ?? 3600); s++) sim.step(1);
      return sim;
    },
    host: '127.0.0.1',
    ports: Object.fromEntries(plant.plcs.map((p) => [p.id, 0])),
    controlPort: 0,
    speed: options.speed,
    seed: options.seed ?? 1,
    log: () => {},
  });
  const plcEndpoints: Record<string, EndpointOverride> = {};
  for (const [id, e] of Object.entries(sims.endpoints))
    plcEndpoints[id] =
      e.protocol === 'opcua' ? { endpointUrl: e.url } : { host: e.host, port: e.port };
  const dataDir = await mkdtemp(join(tmpdir(), 'zld-rig-'));
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const runtime = assembleRuntime(plant, {
    clock: 'plc',
    plcEndpoints,
    logger: quiet,
    driverOptions: {
      pkiDir: join(dataDir, 'pki'),
      protocolOptions: { opcua: { acceptUnknownCertificate: true } },
      logger: quiet,
    },
  });
  const clock = runtime.timebase.clock;
  const errors: unknown[] = [];
  const onError = (err: unknown) => errors.push(err);
  const alarms = new AlarmService({
    plant: runtime.plant,
    source: runtime,
    clock,
    journal: AlarmJournal.inDataDir(dataDir),
    onError,
  });
  const balance = new BalanceService({
    plant: runtime.plant,
    source: runtime,
    raw: runtime,
    clock,
    onError,
  });
  const app = buildApp({ runtime, tagLimits: (tag) => alarms.limitsOf(tag) });
  app.register(alarmRoutes, { service: alarms, anonymousUser: 'scenario-test' });
  app.register(alarmLive, { service: alarms });
  app.register(balanceRoutes, { service: balance });
  app.register(balanceLive, { service: balance });
  const gateway = await startGateway({
    services: [alarms, balance],
    runtime,
    app,
    listen: { host: '127.0.0.1', port: 0 },
  });
  const url = gateway.address!;
  const control = sims.controlUrl;
  const token = sims.controlToken;
  return {
    plant,
    sims,
    runtime,
    alarms,
    balance,
    app,
    url,
    errors,
    now: () => clock.now(),
    simNow: async () =>
      Date.parse((await call<{ time: string }>(`${control}/sim/state`, {}, token)).time),
    setSpeed: async (factor) => {
      await call(`${control}/sim/speed`, post({ factor }), token);
    },
    addFault: async (fault) =>
      (await call<{ id: string }>(`${control}/sim/faults`, post(fault), token)).id,
    clearFault: async (id) => {
      await call(`${control}/sim/faults/${encodeURIComponent(id)}`, { method: 'DELETE' }, token);
    },
    listAlarms: () => call<PublicAlarm[]>(`${url}/api/alarms`),
    waterBalance: async () => {
      const res = await fetch(`${url}/api/water-balance`);
      return res.status === 503 ? null : ((await res.json()) as WaterBalanceResult);
    },
    stop: async () => {
      await gateway.stop();
      await sims.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Starts the simulated PLCs in-process on free loopback ports, with a client for their control API.
import { startSimulators } from '@zld/simulators';
import type { EndpointOverride } from '@zld/gateway';

type Running = Awaited<ReturnType<typeof startSimulators>>;

export interface SimFault {
  kind: string;
  target: string;
  magnitude?: number;
  durationS?: number;
}

export interface SimState {
  /** Simulated time, ISO-8601. */
  time: string;
  tags: Record<string, number | boolean>;
  [more: string]: unknown;
}

export interface TestSimulators {
  running: Running;
  controlUrl: string;
  /** The control API's bearer token (every call below sends it). */
  controlToken: string;
  /** The endpoints as `--plc` overrides for the gateway. */
  plcEndpoints: Record<string, EndpointOverride>;
  state(): Promise<SimState>;
  setSpeed(factor: number): Promise<void>;
  addFault(fault: SimFault): Promise<string>;
  clearFault(id: string): Promise<void>;
  stop(): Promise<void>;
}

async function call<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Every PLC and the control API on free ports of 127.0.0.1. */
export async function startTestSimulators(
  options: { speed?: number; seed?: number } = {},
): Promise<TestSimulators> {
  const { loadPlantFile } = await import('@zld/plant');
  const plant = loadPlantFile();
  const running = await startSimulators({
    host: '127.0.0.1',
    ports: Object.fromEntries(plant.plcs.map((p) => [p.id, 0])),
    controlPort: 0,
    speed: options.speed ?? 1,
    seed: options.seed ?? 1,
    log: () => {},
  });
  const base = running.controlUrl;
  const token = running.controlToken;
  const plcEndpoints: Record<string, EndpointOverride> = {};
  for (const [id, e] of Object.entries(running.endpoints))
    plcEndpoints[id] =
      e.protocol === 'opcua' ? { endpointUrl: e.url } : { host: e.host, port: e.port };
  return {
    running,
    controlUrl: base,
    controlToken: token,
    plcEndpoints,
    state: () => call<SimState>(`${base}/sim/state`, token),
    setSpeed: async (factor) => {
      await call(`${base}/sim/speed`, token, json('POST', { factor }));
    },
    addFault: async (fault) =>
      (await call<{ id: string }>(`${base}/sim/faults`, token, json('POST', fault))).id,
    clearFault: async (id) => {
      await call(`${base}/sim/faults/${encodeURIComponent(id)}`, token, { method: 'DELETE' });
    },
    stop: () => running.stop(),
  };
}

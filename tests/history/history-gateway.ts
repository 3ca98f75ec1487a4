// Shared set-up of the history suites: the gateway as it historizes (runtime, history service, app), and InfluxDB reads.
import {
  assembleRuntime,
  buildApp,
  startGateway,
  type EndpointOverride,
  type Runtime,
} from '@zld/gateway';
import type { Plant } from '@zld/plant';
import { qualityFromCode } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
// The history module is not yet re-exported by @zld/gateway's index: imported from its folder.
import {
  HistoryService,
  historyPlugin,
  type HistoryServiceOptions,
} from '../../apps/gateway/src/history/index.js';

/** The pilot plant with the buffer fill tag's YAML block pasted into its tag list, as the integrator will. */

export interface HistoryGateway {
  app: FastifyInstance;
  runtime: Runtime;
  service: HistoryService;
  registry: Registry;
  /** `http://127.0.0.1:<port>` */
  url: string;
  get<T>(path: string): Promise<T>;
  /** The raw answer, whatever its status. */
  fetch(path: string): Promise<Response>;
  close(): Promise<void>;
}

export interface HistoryGatewayOptions {
  plcEndpoints: Record<string, EndpointOverride>;
  plant: Plant;
  dataDir: string;
  influxUrl?: string;
  service?: Partial<Pick<HistoryServiceOptions, 'forwarder' | 'recorder' | 'fillPublishMs'>>;
  /** Called with the runtime before it starts (to subscribe to its first values too). */
  beforeStart?: (runtime: Runtime) => void;
  /** Where the drivers log (default: nowhere). */
  driverLogger?: { info(message: string): void; warn(message: string): void };
}

/** Runtime with real drivers, the history service on it, and the app with the history plugin, on a free port. */
export async function startHistoryGateway(options: HistoryGatewayOptions): Promise<HistoryGateway> {
  const pkiDir = await mkdtemp(join(tmpdir(), 'zld-history-pki-'));
  const runtime = assembleRuntime(options.plant, {
    clock: 'wall',
    plcEndpoints: options.plcEndpoints,
    driverOptions: {
      pkiDir,
      protocolOptions: { opcua: { acceptUnknownCertificate: true } },
      logger: options.driverLogger ?? { info: () => {}, warn: () => {} },
    },
  });
  const registry = new Registry();
  const service = await HistoryService.open({
    plant: options.plant,
    feed: runtime,
    clock: runtime.timebase.clock,
    wall: runtime.timebase.wall,
    dataDir: options.dataDir,
    ...(options.influxUrl !== undefined ? { influxUrl: options.influxUrl } : {}),
    registry,
    ...options.service,
  });
  options.beforeStart?.(runtime);
  const app = buildApp({
    runtime,
    metricsRegistry: registry,
    processMetrics: false,
    historianHealth: () => service.health(),
  });
  app.register(historyPlugin, { service });
  const gateway = await startGateway({
    services: [service],
    runtime,
    app,
    listen: { host: '127.0.0.1', port: 0 },
  });
  const url = gateway.address!;
  return {
    app,
    runtime,
    service,
    registry,
    url,
    get: async <T>(path: string) => {
      const res = await fetch(url + path);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    fetch: (path) => fetch(url + path),
    close: async () => {
      await gateway.stop();
      await rm(pkiDir, { recursive: true, force: true });
    },
  };
}

/** One stored sample as read back from InfluxDB. */
export interface StoredSample {
  ts: number;
  seq: number;
  value: number | null;
  quality: string;
  backfill: boolean;
  gatewayTs: number;
}

/** Every stored sample per tag, in time order, read straight from InfluxDB (not through the gateway). */
export async function influxSamples(
  serverUrl: string,
  database: string,
): Promise<Map<string, StoredSample[]>> {
  const q =
    'SELECT "seq", "value", "status", "backfill", "gateway_ts" FROM "samples" GROUP BY "tag" ORDER BY time ASC';
  const res = await fetch(`${serverUrl}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`);
  if (!res.ok) throw new Error(`InfluxDB query: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    results: { series?: { tags: { tag: string }; columns: string[]; values: unknown[][] }[] }[];
  };
  const out = new Map<string, StoredSample[]>();
  for (const s of body.results[0]?.series ?? []) {
    const col = (name: string) => s.columns.indexOf(name);
    const [t, seq, value, status, backfill, gw] = [
      col('time'),
      col('seq'),
      col('value'),
      col('status'),
      col('backfill'),
      col('gateway_ts'),
    ];
    out.set(
      s.tags.tag,
      s.values.map((v) => ({
        ts: v[t] as number,
        seq: v[seq] as number,
        value: (v[value] as number | null) ?? null,
        // The quality follows from the status code (none: Good); the gateway time is stored only when it differs.
        quality: qualityFromCode((v[status] as number | null) ?? 0),
        backfill: v[backfill] === true,
        gatewayTs: (v[gw] as number | null) ?? (v[t] as number),
      })),
    );
  }
  return out;
}

/** Problems with one tag's stored sequence: it must be 1..last, each exactly once, in time order. */
export function sequenceProblems(
  name: string,
  samples: readonly StoredSample[],
  last: number,
): string[] {
  const problems: string[] = [];
  const seqs = samples.map((s) => s.seq);
  if (samples.length !== last)
    problems.push(`${name}: ${samples.length} stored, ${last} generated`);
  for (let i = 0; i < seqs.length; i++) {
    if (seqs[i] !== i + 1) {
      problems.push(
        `${name}: at #${i + 1} seq ${seqs[i]} (around ${seqs.slice(Math.max(0, i - 2), i + 3).join(',')})`,
      );
      break;
    }
  }
  return problems;
}

// Sets up and tears down the load rig: counter PLCs on loopback ports, the plant file, InfluxDB when asked, the gateway child, live clients.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CounterPlc } from './counter-plc.js';
import type { HistorianChoice } from './bench-options.js';
import { GatewayProcess } from './gateway-process.js';
import { openBenchInflux, type BenchInflux } from './influx-rig.js';
import { LatencyHistogram } from './latency-histogram.js';
import { LiveProbe } from './live-probe.js';
import { syntheticPlant, type SyntheticTag } from './synthetic-plant.js';

export interface RigOptions {
  tags: number;
  plcs: number;
  periodMs: number;
  clients: number;
  historian: HistorianChoice;
  /** With `influx`: use this server instead of a private influxd. */
  influxUrl: string | null;
}

export interface LoadRig {
  plcs: CounterPlc[];
  tags: SyntheticTag[];
  gateway: GatewayProcess;
  probes: LiveProbe[];
  /** Latencies of every client, together. */
  latency: LatencyHistogram;
  /** While set, every latency is also recorded here (e.g. the seconds after an outage). */
  alsoRecord: LatencyHistogram | null;
  /** With `--historian influx`: the server the gateway writes to. */
  influx: BenchInflux | null;
  /** Wall time (epoch ms) before the gateway started: no sample of this run is older. */
  startedAtMs: number;
  /** Every counter tag's current register value (what each client should end with). */
  expected(): Map<string, number>;
  /** Stops everything started, in reverse order; never rejects. */
  close(): Promise<void>;
}

export const GATEWAY_START_MS = 120_000;
const CONNECT_MS = 30_000;

/** Starts the rig; on a failure part-way, stops what was started and rethrows. */
export async function startRig(o: RigOptions, log: (m: string) => void): Promise<LoadRig> {
  const dir = await mkdtemp(join(tmpdir(), 'zld-bench-'));
  const plcs: CounterPlc[] = [];
  const probes: LiveProbe[] = [];
  let gateway: GatewayProcess | null = null;
  let influx: BenchInflux | null = null;
  // Stopped by a signal: the gateway child is killed by its own exit hook; the folder goes here.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const close = async (): Promise<void> => {
    process.off('exit', removeDir);
    for (const p of probes) p.close();
    gateway?.kill();
    await gateway?.waitExit(10_000);
    await Promise.allSettled(plcs.map((p) => p.close()));
    await influx?.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    for (let i = 0; i < o.plcs; i++) plcs.push(await CounterPlc.start());
    const plant = syntheticPlant({
      tags: o.tags,
      ports: plcs.map((p) => p.port),
      periodMs: o.periodMs,
    });
    const plantFile = join(dir, 'plant.json');
    await writeFile(plantFile, plant.text);
    if (o.historian === 'influx') influx = await openBenchInflux(o.influxUrl, log);
    const startedAtMs = Date.now();
    log(
      `starting the gateway: ${o.tags} tags on ${o.plcs} PLCs, ${o.periodMs} ms scans, historian ${o.historian}`,
    );
    gateway = await GatewayProcess.start(
      {
        plantFile,
        dataDir: dir,
        historian: o.historian,
        ...(influx !== null ? { influxUrl: influx.url } : {}),
      },
      GATEWAY_START_MS,
    );
    const plcOfTag = new Map(plant.tags.map((t) => [t.name, plcs[t.plc]!] as const));
    const latency = new LatencyHistogram();
    const rig: LoadRig = {
      plcs,
      tags: plant.tags,
      gateway,
      probes,
      latency,
      alsoRecord: null,
      influx,
      startedAtMs,
      expected: () => new Map(plant.tags.map((t) => [t.name, plcs[t.plc]!.valueAt(t.address)])),
      close,
    };
    const record = {
      record: (ms: number) => {
        latency.record(ms);
        rig.alsoRecord?.record(ms);
      },
    };
    for (let i = 0; i < o.clients; i++)
      probes.push(await LiveProbe.connect(gateway.url, plcOfTag, record, CONNECT_MS));
    return rig;
  } catch (err) {
    await close();
    throw err;
  }
}

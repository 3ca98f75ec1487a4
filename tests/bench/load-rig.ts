// Sets up and tears down the load rig: counter PLCs on loopback ports, the plant file, the gateway child, live clients.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CounterPlc } from './counter-plc.js';
import { GatewayProcess } from './gateway-process.js';
import { LatencyHistogram } from './latency-histogram.js';
import { LiveProbe } from './live-probe.js';
import { syntheticPlant, type SyntheticTag } from './synthetic-plant.js';

export interface RigOptions {
  tags: number;
  plcs: number;
  periodMs: number;
  clients: number;
  historian: boolean;
}

export interface LoadRig {
  plcs: CounterPlc[];
  tags: SyntheticTag[];
  gateway: GatewayProcess;
  probes: LiveProbe[];
  /** Latencies of every client, together. */
  latency: LatencyHistogram;
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
  // Stopped by a signal: the gateway child is killed by its own exit hook; the folder goes here.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const close = async (): Promise<void> => {
    process.off('exit', removeDir);
    for (const p of probes) p.close();
    gateway?.kill();
    await gateway?.waitExit(10_000);
    await Promise.allSettled(plcs.map((p) => p.close()));
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
    log(`starting the gateway: ${o.tags} tags on ${o.plcs} PLCs, ${o.periodMs} ms scans`);
    gateway = await GatewayProcess.start(
      { plantFile, dataDir: dir, historian: o.historian },
      GATEWAY_START_MS,
    );
    const plcOfTag = new Map(plant.tags.map((t) => [t.name, plcs[t.plc]!] as const));
    const latency = new LatencyHistogram();
    for (let i = 0; i < o.clients; i++)
      probes.push(await LiveProbe.connect(gateway.url, plcOfTag, latency, CONNECT_MS));
    const gw = gateway;
    return {
      plcs,
      tags: plant.tags,
      gateway: gw,
      probes,
      latency,
      expected: () => new Map(plant.tags.map((t) => [t.name, plcs[t.plc]!.valueAt(t.address)])),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

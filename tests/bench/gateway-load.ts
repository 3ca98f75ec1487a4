// The gateway load run: warm up, measure a window, freeze the PLCs and check every client got every final value, stop.
import type { BenchOptions } from './bench-options.js';
import { startRig, type LoadRig } from './load-rig.js';
import { loadResult, type GatewayLoadResult } from './load-result.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Bounds of the child's answers: begin and end are counters; stop writes what the recorder holds. */
const ASK_MS = 15_000;
const STOP_MS = 180_000;

/** Waits (bounded) until no client differs from the frozen PLCs; answers the mismatches left and the time taken. */
async function settle(
  rig: LoadRig,
  boundMs: number,
): Promise<{ mismatched: number; settleMs: number }> {
  const expected = rig.expected();
  const t0 = performance.now();
  const left = () => Math.max(...rig.probes.map((p) => p.mismatches(expected)));
  let mismatched = left();
  while (mismatched > 0 && performance.now() - t0 < boundMs) {
    await sleep(50);
    mismatched = left();
  }
  return { mismatched, settleMs: Math.round(performance.now() - t0) };
}

const answered = (rig: LoadRig) => rig.plcs.reduce((n, p) => n + p.requests, 0);

export async function runGatewayLoad(
  o: BenchOptions,
  log: (m: string) => void,
): Promise<GatewayLoadResult> {
  const rig = await startRig(o, log);
  try {
    log(`warming up for ${o.warmupSeconds} s`);
    await sleep(o.warmupSeconds * 1000);
    const begun = await rig.gateway.ask({ type: 'begin' }, 'begun', ASK_MS);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const requests0 = answered(rig);
    for (const p of rig.probes) p.begin();
    log(`measuring for ${o.seconds} s`);
    await sleep(o.seconds * 1000);
    const probes = rig.probes.map((p) => p.end());
    const { window } = await rig.gateway.ask({ type: 'end' }, 'ended', ASK_MS);
    const bench = {
      seconds: (performance.now() - t0) / 1000,
      cpu: process.cpuUsage(cpu0),
      requests: answered(rig) - requests0,
    };

    for (const p of rig.plcs) p.frozen = true;
    const delivery = await settle(rig, Math.max(10_000, 20 * o.periodMs));
    log('stopping the gateway (historian flush and close)');
    const { final } = await rig.gateway.ask({ type: 'stop' }, 'stopped', STOP_MS);
    await rig.gateway.waitExit(10_000);

    return loadResult({
      tags: o.tags,
      periodMs: o.periodMs,
      clients: o.clients,
      begun,
      window,
      final,
      latency: rig.latency.summary(),
      probes,
      regressions: rig.probes.reduce((n, p) => n + p.regressions, 0),
      delivery,
      bench,
      countersExhausted: rig.plcs.some((p) => p.exhausted),
    });
  } finally {
    await rig.close();
  }
}

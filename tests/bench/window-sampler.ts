// Measures a window inside the gateway process: counters at begin and end, a 1 s sampler (updates, CPU, RSS), event-loop delay.
import type { LiveHub, LiveHubStats, Runtime, RuntimeStats } from '@zld/gateway';
import type { Recorder, RecorderMetrics } from '@zld/historian';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GatewaySecond, GatewayWindow } from './gateway-messages.js';

export interface SamplerSources {
  runtime: Runtime;
  hub: LiveHub;
  /** null: the run has no historian. */
  recorder: Recorder | null;
  /** Milliseconds spent in the store's write calls so far. */
  writeMs: () => number;
}

/** Counters at one instant, to subtract. */
interface Mark {
  at: number;
  cpu: NodeJS.CpuUsage;
  stats: RuntimeStats;
  live: LiveHubStats;
  recorder: RecorderMetrics | null;
  writeMs: number;
}

type DriverCounters = RuntimeStats['drivers'][number]['counters'];

export const mib = (bytes: number): number => Math.round(bytes / 104_857.6) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export class WindowSampler {
  private begun: Mark | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private perSecond: GatewaySecond[] = [];
  private rssPeak = 0;
  private heapPeak = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly src: SamplerSources) {}

  begin(): void {
    const first = this.mark();
    this.begun = first;
    this.perSecond = [];
    this.rssPeak = process.memoryUsage.rss();
    this.heapPeak = process.memoryUsage().heapUsed;
    this.loopDelay.reset();
    this.loopDelay.enable();
    let last = first;
    this.timer = setInterval(() => {
      const now = this.mark();
      const cpu = process.cpuUsage(last.cpu);
      const rss = process.memoryUsage.rss();
      const dt = (now.at - last.at) / 1000;
      this.rssPeak = Math.max(this.rssPeak, rss);
      this.heapPeak = Math.max(this.heapPeak, process.memoryUsage().heapUsed);
      this.perSecond.push({
        updatesPerSecond: Math.round((now.stats.engine.updates - last.stats.engine.updates) / dt),
        cpuS: round2((cpu.user + cpu.system) / 1e6 / dt),
        rssMb: mib(rss),
      });
      last = now;
    }, 1000);
  }

  end(): GatewayWindow {
    const a = this.begun;
    if (a === null) throw new Error('end before begin');
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.begun = null;
    this.loopDelay.disable();
    const b = this.mark();
    const cpu = process.cpuUsage(a.cpu);
    this.rssPeak = Math.max(this.rssPeak, process.memoryUsage.rss());
    const total = (s: RuntimeStats, pick: (c: DriverCounters) => number) =>
      s.drivers.reduce((n, d) => n + pick(d.counters), 0);
    const diff = (pick: (c: DriverCounters) => number) =>
      total(b.stats, pick) - total(a.stats, pick);
    const polls = diff((c) => c.polls);
    const ms = (ns: number) => round2(ns / 1e6);
    const ra = a.recorder;
    const rb = b.recorder;
    return {
      seconds: (b.at - a.at) / 1000,
      updates: b.stats.engine.updates - a.stats.engine.updates,
      published: b.stats.engine.published - a.stats.engine.published,
      delivered: b.stats.engine.delivered - a.stats.engine.delivered,
      cpuUserS: cpu.user / 1e6,
      cpuSystemS: cpu.system / 1e6,
      rssPeakMb: mib(this.rssPeak),
      heapUsedPeakMb: mib(this.heapPeak),
      perSecond: this.perSecond,
      eventLoopDelayMs: {
        p50: ms(this.loopDelay.percentile(50)),
        p99: ms(this.loopDelay.percentile(99)),
        max: ms(this.loopDelay.max),
      },
      modbus: {
        requests: diff((c) => c.requests),
        polls,
        overruns: diff((c) => c.overruns),
        timeouts: diff((c) => c.timeouts),
        reconnects: diff((c) => c.reconnects),
        pollMsMean: polls > 0 ? round2(diff((c) => c.pollDurationMsTotal) / polls) : 0,
        pollMsMax: round2(Math.max(0, ...b.stats.drivers.map((d) => d.counters.pollDurationMsMax))),
      },
      live: {
        batches: b.live.batches - a.live.batches,
        values: b.live.values - a.live.values,
        coalesced: b.live.coalesced - a.live.coalesced,
        deferred: b.live.deferred - a.live.deferred,
      },
      historian:
        ra === null || rb === null
          ? null
          : {
              offered: rb.samples - ra.samples,
              written: rb.pointsWritten - ra.pointsWritten,
              dropped: rb.dropped - ra.dropped,
              writeMs: Math.round(b.writeMs - a.writeMs),
              maxWriteMs: Math.round(rb.maxWriteMs * 10) / 10,
            },
    };
  }

  private mark(): Mark {
    return {
      at: performance.now(),
      cpu: process.cpuUsage(),
      stats: this.src.runtime.stats(),
      live: this.src.hub.stats(),
      recorder: this.src.recorder?.metrics() ?? null,
      writeMs: this.src.writeMs(),
    };
  }
}

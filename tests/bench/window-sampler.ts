// Measures a window inside the gateway process: counters at begin and end, a 1 s sampler (updates, CPU, RSS, backlog), event-loop delay.
import type { LiveHub, LiveHubStats, Runtime, RuntimeStats } from '@zld/gateway';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GatewaySecond, GatewayWindow, HistorianStatus } from './gateway-messages.js';
import type { HistoryProbe } from './history-probe.js';

export interface SamplerSources {
  runtime: Runtime;
  hub: LiveHub;
  /** null: the run has no historian. */
  history: HistoryProbe | null;
}

/** Counters at one instant, to subtract. */
interface Mark {
  at: number;
  cpu: NodeJS.CpuUsage;
  stats: RuntimeStats;
  live: LiveHubStats;
  rss: number;
  history: HistorianStatus | null;
  writeMs: number;
}

type DriverCounters = RuntimeStats['drivers'][number]['counters'];

export const mib = (bytes: number): number => Math.round(bytes / 104_857.6) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
/**
 * The delay monitor's timer interval. Its histogram records the time between two firings, interval
 * included (an idle loop shows about 1 ms), so the figures subtract it: what is left is how late.
 */
const LOOP_RESOLUTION_MS = 1;

export class WindowSampler {
  private begun: Mark | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private perSecond: GatewaySecond[] = [];
  private rssPeak = 0;
  private heapPeak = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor(private readonly src: SamplerSources) {}

  async begin(): Promise<void> {
    const first = await this.mark();
    this.begun = first;
    this.perSecond = [];
    this.rssPeak = first.rss;
    this.heapPeak = process.memoryUsage().heapUsed;
    this.loopDelay.reset();
    this.loopDelay.enable();
    // Cheap reads only: the runtime's counters, CPU, memory and the store's backlog count.
    let last = { at: first.at, cpu: first.cpu, updates: first.stats.engine.updates };
    this.timer = setInterval(() => {
      const at = performance.now();
      const cpu = process.cpuUsage();
      const updates = this.src.runtime.stats().engine.updates;
      const rss = process.memoryUsage.rss();
      const dt = (at - last.at) / 1000;
      const used = process.cpuUsage(last.cpu);
      this.rssPeak = Math.max(this.rssPeak, rss);
      this.heapPeak = Math.max(this.heapPeak, process.memoryUsage().heapUsed);
      this.perSecond.push({
        atS: round2((at - first.at) / 1000),
        updatesPerSecond: Math.round((updates - last.updates) / dt),
        cpuS: round2((used.user + used.system) / 1e6 / dt),
        rssMb: mib(rss),
        storeBacklog: this.src.history?.storeBacklog() ?? null,
      });
      last = { at, cpu, updates };
    }, 1000);
  }

  async end(): Promise<GatewayWindow> {
    const a = this.begun;
    if (a === null) throw new Error('end before begin');
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.begun = null;
    this.loopDelay.disable();
    const b = await this.mark();
    const cpu = process.cpuUsage(a.cpu);
    this.rssPeak = Math.max(this.rssPeak, b.rss);
    const total = (s: RuntimeStats, pick: (c: DriverCounters) => number) =>
      s.drivers.reduce((n, d) => n + pick(d.counters), 0);
    const diff = (pick: (c: DriverCounters) => number) =>
      total(b.stats, pick) - total(a.stats, pick);
    const polls = diff((c) => c.polls);
    const late = (ns: number) => round2(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));
    const ha = a.history;
    const hb = b.history;
    return {
      seconds: (b.at - a.at) / 1000,
      updates: b.stats.engine.updates - a.stats.engine.updates,
      published: b.stats.engine.published - a.stats.engine.published,
      delivered: b.stats.engine.delivered - a.stats.engine.delivered,
      cpuUserS: cpu.user / 1e6,
      cpuSystemS: cpu.system / 1e6,
      rssAtStartMb: mib(a.rss),
      rssAtEndMb: mib(b.rss),
      rssPeakMb: mib(this.rssPeak),
      heapUsedPeakMb: mib(this.heapPeak),
      perSecond: this.perSecond,
      eventLoopDelayMs: {
        resolutionMs: LOOP_RESOLUTION_MS,
        p50: late(this.loopDelay.percentile(50)),
        p99: late(this.loopDelay.percentile(99)),
        max: late(this.loopDelay.max),
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
        ha === null || hb === null
          ? null
          : {
              offered: hb.offered - ha.offered,
              accepted: hb.accepted - ha.accepted,
              dropped: hb.dropped - ha.dropped,
              writeMs: Math.round(b.writeMs - a.writeMs),
              maxWriteMs: hb.maxWriteMs,
            },
    };
  }

  private async mark(): Promise<Mark> {
    const writeMs = (await this.src.history?.writeMs()) ?? 0;
    return {
      at: performance.now(),
      cpu: process.cpuUsage(),
      stats: this.src.runtime.stats(),
      live: this.src.hub.stats(),
      rss: process.memoryUsage.rss(),
      history: this.src.history?.status() ?? null,
      writeMs,
    };
  }
}

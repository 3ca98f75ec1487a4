// A socket.io client of the live stream: counts values, checks every tag only moves forward, measures PLC-to-client latency.
import { SOCKET_EVENTS, type ServerToClientEvents, type TagValueDto } from '@zld/api';
import { io, type Socket } from 'socket.io-client';
import type { CounterPlc } from './counter-plc.js';
import type { LatencyHistogram } from './latency-histogram.js';

/** Where the measured latencies go (a histogram, or several). */
export type LatencySink = Pick<LatencyHistogram, 'record'>;

export interface ProbeCounts {
  batches: number;
  values: number;
  /** Counter values whose send time was no longer (or never) known: not in the latency figures. */
  unmatched: number;
  /** Values of a counter tag that were not a number (a Bad quality, e.g. Bad_Stale when scans overrun). */
  notNumbers: number;
}

/**
 * The first `tags` event is the snapshot: it sets the latest values and is not measured. Every later
 * value of a counter tag is measured while the window is open: latency = arrival (the event handler,
 * after socket.io parsed the batch) minus the time its PLC sent that counter value. Both times are
 * this process's performance.now(), so no clock is compared across processes.
 */
export class LiveProbe {
  /**
   * The last number each counter tag carried here. A Bad value (null, e.g. Bad_Stale while scans
   * overrun) does not replace it: the check is that every value the PLCs sent last arrived.
   */
  readonly lastNumber = new Map<string, number>();
  /** A counter value smaller than the one before it (the stream went backwards): must stay 0. */
  regressions = 0;
  private measuring = false;
  private counts: ProbeCounts = { batches: 0, values: 0, unmatched: 0, notNumbers: 0 };

  private constructor(
    private readonly socket: Socket<ServerToClientEvents>,
    private readonly plcOfTag: ReadonlyMap<string, CounterPlc>,
    private readonly histogram: LatencySink,
  ) {}

  /** Connects (WebSocket only) and resolves once the snapshot arrived. */
  static connect(
    url: string,
    plcOfTag: ReadonlyMap<string, CounterPlc>,
    histogram: LatencySink,
    timeoutMs: number,
  ): Promise<LiveProbe> {
    const socket: Socket<ServerToClientEvents> = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const probe = new LiveProbe(socket, plcOfTag, histogram);
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.close();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new Error(`no snapshot from ${url} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('connect_error', fail);
      socket.once(SOCKET_EVENTS.tags, (snapshot) => {
        clearTimeout(timer);
        for (const v of snapshot)
          if (typeof v.value === 'number') probe.lastNumber.set(v.name, v.value);
        socket.on(SOCKET_EVENTS.tags, (batch) => probe.onBatch(batch));
        resolve(probe);
      });
    });
  }

  /** Starts counting and measuring from now (counts restart at 0). */
  begin(): void {
    this.counts = { batches: 0, values: 0, unmatched: 0, notNumbers: 0 };
    this.measuring = true;
  }

  /** Stops measuring; the latest values keep being tracked. */
  end(): ProbeCounts {
    this.measuring = false;
    return { ...this.counts };
  }

  /** Tags whose last number here differs from `expected` (the PLCs' registers), of those given. */
  mismatches(expected: ReadonlyMap<string, number>): number {
    let n = 0;
    for (const [name, value] of expected) if (this.lastNumber.get(name) !== value) n++;
    return n;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.close();
  }

  private onBatch(batch: TagValueDto[]): void {
    const now = performance.now();
    const c = this.counts;
    if (this.measuring) {
      c.batches++;
      c.values += batch.length;
    }
    for (const v of batch) {
      const plc = this.plcOfTag.get(v.name);
      if (plc === undefined) continue;
      if (typeof v.value !== 'number') {
        if (this.measuring) c.notNumbers++;
        continue;
      }
      const before = this.lastNumber.get(v.name);
      if (before !== undefined && v.value < before) this.regressions++;
      this.lastNumber.set(v.name, v.value);
      if (!this.measuring) continue;
      const sent = plc.sentAt(v.value);
      if (Number.isNaN(sent)) c.unmatched++;
      else this.histogram.record(now - sent);
    }
  }
}

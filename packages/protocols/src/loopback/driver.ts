// The loopback driver: polls each scan class with one read of its keys; writes one key; every loss is Bad.
import type { PlcDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
import { DeadlineError } from '../kernel/deadline.js';
import {
  COMM_LOSS,
  consoleLogger,
  DEFAULT_RECONNECT,
  DriverError,
  guardSink,
  tagsOfPlc,
  type Driver,
  type DriverCounters,
  type DriverLogger,
  type DriverOptions,
  type DriverStatus,
  type ReadSample,
  type SampleSink,
  type WriteResult,
} from '../kernel/driver.js';
import { DriverStats } from '../kernel/stats.js';
import {
  checkWriteValue,
  judgeValue,
  sampleValue,
  tagPoint,
  type TagPoint,
} from '../kernel/tag-point.js';
import { ValueWatch } from '../kernel/value-watch.js';
import { LineLink } from './line-link.js';
import { loopbackKeyOf, loopbackSettingsOf } from './schema.js';
import type { Answer, WireValue } from './wire.js';

interface Scan {
  name: string;
  periodMs: number;
  points: number[];
  running: boolean;
}

export class LoopbackDriver implements Driver {
  readonly protocol = 'loopback';
  readonly plcId: string;
  private readonly points: TagPoint[];
  private readonly keys: string[];
  private readonly indexByName: Map<string, number>;
  private readonly scans: Scan[];
  private readonly link: LineLink;
  private readonly stats = new DriverStats();
  private readonly values: ValueWatch;
  private readonly sink: SampleSink;
  private readonly logger: DriverLogger;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private lastError: string | null = null;
  private consecutiveTimeouts = 0;
  private commLossReported = false;

  constructor(plc: PlcDef, options: DriverOptions) {
    const settings = loopbackSettingsOf(plc);
    this.plcId = plc.id;
    this.logger = options.logger ?? consoleLogger;
    this.sink = guardSink(options.sink, this.logger, plc.id);
    this.points = tagsOfPlc(plc, options.tags).map((t) => tagPoint(t, options.keyOf));
    this.keys = this.points.map((p) => loopbackKeyOf(p.tag));
    this.indexByName = new Map(this.points.map((p, i) => [p.tag.name, i]));
    this.scans = Object.entries(plc.scanClasses).map(([name, sc]) => ({
      name,
      periodMs: sc.periodMs,
      points: this.points.flatMap((p, i) => (p.tag.scanClass === name ? [i] : [])),
      running: false,
    }));
    for (const s of this.scans) this.stats.addScanClass(s.name, s.periodMs);
    this.values = new ValueWatch({
      plcId: plc.id,
      logger: this.logger,
      stats: this.stats,
      hint: () => "check the tag's range and scaling",
    });
    this.link = new LineLink(
      settings,
      { ...DEFAULT_RECONNECT, ...options.reconnect },
      {
        onUp: (again) => {
          if (again) this.stats.raw.reconnects++;
          this.lastError = null;
        },
        onDown: (reason) => {
          this.lastError = reason;
          this.reportCommLoss();
        },
      },
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.link.start();
    for (const s of this.scans)
      if (s.points.length > 0) this.timers.push(setInterval(() => this.tick(s), s.periodMs));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.link.stop();
  }

  status(): DriverStatus {
    return {
      plcId: this.plcId,
      protocol: this.protocol,
      connected: this.link.connected,
      demoted: false,
      demotedUntil: null,
      lastError: this.lastError,
      consecutiveTimeouts: this.consecutiveTimeouts,
    };
  }

  counters(): DriverCounters {
    return this.stats.snapshot();
  }

  async write(tagName: string, value: number | boolean): Promise<WriteResult> {
    const i = this.index(tagName);
    const p = this.points[i] as TagPoint;
    if (!p.tag.writable) throw new DriverError('NOT_WRITABLE', `${tagName} is not writable`);
    const checked = checkWriteValue(p, value);
    this.checkReachable();
    this.stats.raw.writes++;
    const a = await this.ask(
      { op: 'write', key: this.keys[i] as string, value: checked },
      `write ${tagName}`,
    ).catch((err: unknown) => {
      this.stats.raw.writeFailures++;
      throw err;
    });
    if ('error' in a) {
      this.stats.raw.writeFailures++;
      throw new DriverError('DEVICE', `${this.plcId}: write ${tagName}: ${a.error}`);
    }
    return { name: tagName, value: checked, quality: 'Good' };
  }

  async read(tagNames: readonly string[]): Promise<ReadSample[]> {
    const indices = tagNames.map((n) => this.index(n));
    this.checkReachable();
    const a = await this.ask(
      { op: 'read', keys: indices.map((i) => this.keys[i] as string) },
      'read-back',
    );
    const values = this.valuesOf(a, indices.length);
    return indices.map((i, j) => {
      const p = this.points[i] as TagPoint;
      const [value, quality] = typed(p, values[j] as [WireValue, Quality]);
      return { name: p.tag.name, value, quality, sourceTs: undefined };
    });
  }

  // --- polling ---

  private tick(s: Scan): void {
    if (!this.running || !this.link.connected) return;
    if (s.running) {
      this.stats.overrun(s.name);
      return;
    }
    s.running = true;
    const t0 = performance.now();
    void this.ask(
      { op: 'read', keys: s.points.map((i) => this.keys[i] as string) },
      `scan ${s.name}`,
    )
      .then((a) => {
        const values = this.valuesOf(a, s.points.length);
        s.points.forEach((i, j) => {
          const p = this.points[i] as TagPoint;
          const [value, quality] = typed(p, values[j] as [WireValue, Quality], this.values);
          this.push(p, value, quality);
        });
        this.stats.poll(s.name, performance.now() - t0);
      })
      .catch((err: unknown) => {
        this.lastError = (err as Error).message;
        if (err instanceof DriverError && err.code === 'DEVICE')
          for (const i of s.points)
            this.push(this.points[i] as TagPoint, null, 'Bad_DeviceFailure');
      })
      .finally(() => {
        s.running = false;
      });
  }

  /** One request; a timeout marks every tag Bad (the link is shared), an answer clears the count. */
  private async ask(body: Parameters<LineLink['request']>[0], what: string): Promise<Answer> {
    this.stats.raw.requests++;
    try {
      const a = await this.link.request(body);
      this.consecutiveTimeouts = 0;
      this.commLossReported = false;
      return a;
    } catch (err) {
      if (err instanceof DeadlineError) {
        this.stats.raw.timeouts++;
        this.consecutiveTimeouts++;
        this.lastError = `${what} timed out`;
        this.reportCommLoss();
        throw new DriverError('TIMEOUT', `${this.plcId}: ${what} timed out`, COMM_LOSS);
      }
      throw new DriverError(
        'NOT_CONNECTED',
        `${this.plcId}: ${what}: ${(err as Error).message}`,
        COMM_LOSS,
      );
    }
  }

  /** The values of a read answer, checked against the number asked for; Bad values carry null. */
  private valuesOf(a: Answer, count: number): [WireValue, Quality][] {
    if ('error' in a)
      throw new DriverError('DEVICE', `${this.plcId}: the device refused a read: ${a.error}`);
    if (!('values' in a) || a.values.length !== count)
      throw new DriverError(
        'DEVICE',
        `${this.plcId}: the device answered ${'values' in a ? a.values.length : 'no'} values for ${count} keys`,
      );
    return a.values.map(([v, q]) => [q.startsWith('Bad') ? null : v, q]);
  }

  private reportCommLoss(): void {
    if (this.commLossReported || !this.running) return;
    this.commLossReported = true;
    for (const p of this.points) this.push(p, null, COMM_LOSS);
  }

  private push(p: TagPoint, value: WireValue, quality: Quality): void {
    if (!this.running) return;
    this.stats.raw.notifications++;
    this.sink(p.key, value, quality, undefined);
  }

  private index(tagName: string): number {
    const i = this.indexByName.get(tagName);
    if (i === undefined)
      throw new DriverError('UNKNOWN_TAG', `${tagName} is not a tag of ${this.plcId}`);
    return i;
  }

  private checkReachable(): void {
    if (!this.running) throw new DriverError('STOPPED', `${this.plcId}: driver not running`);
    if (!this.link.connected)
      throw new DriverError('NOT_CONNECTED', `${this.plcId} is not connected`, COMM_LOSS);
  }
}

/**
 * A value of the wrong type for its tag (a number for a bool, or the reverse) is a configuration error; a
 * number is judged by itself (NaN Bad, outside the range Uncertain): through `watch` for polled samples.
 */
function typed(
  p: TagPoint,
  [value, quality]: [WireValue, Quality],
  watch?: ValueWatch,
): [WireValue, Quality] {
  if (value === null) return [null, quality];
  const isBool = p.tag.dataType === 'bool';
  if (isBool !== (typeof value === 'boolean')) {
    const q: Quality = 'Bad_ConfigurationError';
    return [null, watch ? watch.refuse(p, q, `answered ${JSON.stringify(value)}`) : q];
  }
  const q = watch ? watch.judge(p, value, quality) : judgeValue(p, value, quality);
  return [sampleValue(p, value, q), q];
}

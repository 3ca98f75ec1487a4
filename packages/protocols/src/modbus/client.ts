// The Modbus driver (TCP, RTU over TCP, serial RTU): polls each scan class's planned blocks, maps failures to quality, demotes, writes.
import type { PlcDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
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
  type SampleValue,
  type WriteResult,
} from '../kernel/driver.js';
import { DriverStats } from '../kernel/stats.js';
import { sampleValue, tagPoint, type TagPoint } from '../kernel/tag-point.js';
import { ValueWatch } from '../kernel/value-watch.js';
import type { ModbusChannel, ModbusClient } from './connection.js';
import { classifyModbusError, exceptionName, readExceptionRule } from './exceptions.js';
import { planScanClasses, type ModbusBlock } from './planner.js';
import { modbusEndpointOf, modbusSettingsOf, type ModbusPlcOptions } from './schema.js';
import { modbusChannel } from './shared-line.js';
import {
  decodeAt,
  hint,
  lastUsable,
  readBack,
  UNDECODABLE,
  type ReadBackContext,
} from './read-back.js';
import { ModbusWriter } from './writer.js';

/** How long a block that drew a configuration exception (0x01-0x03) rests before it is tried again. */
export const CONFIG_RETRY_MS = 60_000;

interface BlockState extends ModbusBlock {
  /** Wall-clock ms before which the block is not polled (after a configuration exception). */
  retryAt: number;
  configLogged: boolean;
}

interface ScanState {
  name: string;
  periodMs: number;
  blocks: BlockState[];
  running: boolean;
}

type ReadFn = (c: ModbusClient, start: number, count: number) => Promise<{ buffer: Buffer }>;

/** The read request of each function code. */
const READ: Readonly<Record<ModbusBlock['fc'], ReadFn>> = {
  1: (c, s, n) => c.readCoils(s, n),
  2: (c, s, n) => c.readDiscreteInputs(s, n),
  3: (c, s, n) => c.readHoldingRegisters(s, n),
  4: (c, s, n) => c.readInputRegisters(s, n),
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ModbusDriver implements Driver {
  readonly protocol = 'modbus';
  readonly plcId: string;
  private readonly options: ModbusPlcOptions;
  private readonly points: TagPoint[];
  private readonly indexByName: Map<string, number>;
  private readonly scans: ScanState[];
  /** Last good value per point, for the "last usable value" of a busy device. */
  private readonly last: SampleValue[];
  private readonly conn: ModbusChannel;
  private readonly writer: ModbusWriter;
  private readonly readBackContext: ReadBackContext;
  private readonly stats = new DriverStats();
  private readonly values: ValueWatch;
  private readonly sink: SampleSink;
  private readonly logger: DriverLogger;
  private timers: NodeJS.Timeout[] = [];
  private demotionTimer: NodeJS.Timeout | null = null;
  private demotedUntil: number | null = null;
  private consecutiveTimeouts = 0;
  private lastError: string | null = null;
  private commLossReported = false;
  private running = false;

  constructor(plc: PlcDef, options: DriverOptions) {
    const mb = modbusSettingsOf(plc);
    this.plcId = plc.id;
    this.options = mb;
    this.logger = options.logger ?? consoleLogger;
    this.sink = guardSink(options.sink, this.logger, plc.id);
    const layout = { byteOrder: mb.byteOrder, wordOrder: mb.wordOrder };
    this.points = tagsOfPlc(plc, options.tags).map((t) => tagPoint(t, options.keyOf, layout));
    this.indexByName = new Map(this.points.map((p, i) => [p.tag.name, i]));
    this.last = this.points.map(() => null);
    this.scans = planScanClasses(
      plc,
      this.points.map((p) => p.tag),
    ).map((s) => ({
      name: s.scanClass,
      periodMs: s.periodMs,
      running: false,
      blocks: s.blocks.map((b) => ({ ...b, retryAt: 0, configLogged: false })),
    }));
    for (const s of this.scans) this.stats.addScanClass(s.name, s.periodMs);
    this.values = new ValueWatch({ plcId: plc.id, logger: this.logger, stats: this.stats, hint });
    this.conn = modbusChannel(
      {
        endpoint: modbusEndpointOf(mb),
        unitId: mb.unitId,
        timeoutMs: mb.timeoutMs,
        interFrameDelayMs: mb.interFrameDelayMs,
        reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
      },
      { onUp: (r) => this.onUp(r), onDown: (reason) => this.onDown(reason) },
    );
    this.writer = new ModbusWriter(this.points, this.conn, this.stats);
    this.readBackContext = {
      points: this.points,
      limits: mb,
      send: (b) => this.send(b, true),
      last: this.last,
      onException: (code) => this.stats.exception(exceptionName(code)),
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.conn.start();
    for (const s of this.scans) this.timers.push(setInterval(() => this.tick(s), s.periodMs));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.demotionTimer) clearTimeout(this.demotionTimer);
    this.demotionTimer = null;
    await this.conn.stop();
  }

  status(): DriverStatus {
    return {
      plcId: this.plcId,
      protocol: this.protocol,
      connected: this.conn.connected,
      demoted: this.demotedUntil !== null,
      demotedUntil: this.demotedUntil,
      lastError: this.lastError,
      consecutiveTimeouts: this.consecutiveTimeouts,
    };
  }

  counters(): DriverCounters {
    return this.stats.snapshot();
  }

  async write(tagName: string, value: number | boolean): Promise<WriteResult> {
    const p = this.point(tagName);
    this.writer.check(p, value);
    this.checkReachable();
    try {
      return await this.writer.write(p, value);
    } catch (err) {
      this.stats.raw.writeFailures++;
      throw this.commandError(err, `write ${tagName}`);
    }
  }

  async read(tagNames: readonly string[]): Promise<ReadSample[]> {
    const indices = tagNames.map((n) => this.index(n));
    this.checkReachable();
    try {
      return await readBack(this.readBackContext, indices);
    } catch (err) {
      throw this.commandError(err, 'read-back');
    }
  }

  // --- polling ---

  private tick(s: ScanState): void {
    if (!this.running || !this.conn.connected || this.demotedUntil !== null) return;
    if (s.running) {
      this.stats.overrun(s.name);
      return;
    }
    s.running = true;
    void this.poll(s)
      .catch((err: unknown) => {
        // A malformed answer (e.g. shorter than asked): keep polling, say why.
        this.lastError = `scan class ${s.name}: ${(err as Error).message}`;
        this.logger.warn(`${this.plcId}: ${this.lastError}`);
      })
      .finally(() => {
        s.running = false;
      });
  }

  private async poll(s: ScanState): Promise<void> {
    const t0 = performance.now();
    for (const b of s.blocks) {
      if (b.retryAt > Date.now()) continue;
      if (!(await this.pollBlock(s, b, true))) break;
    }
    this.stats.poll(s.name, performance.now() - t0);
  }

  /** Reads one block and pushes its samples; false when the rest of the poll should be abandoned. */
  private async pollBlock(s: ScanState, b: BlockState, mayRetry: boolean): Promise<boolean> {
    let buffer: Buffer;
    try {
      buffer = (await this.send(b, false)).buffer;
    } catch (err) {
      return this.onReadError(s, b, err, mayRetry);
    }
    if (!this.running) return false;
    this.consecutiveTimeouts = 0;
    this.commLossReported = false;
    if (b.configLogged) {
      b.configLogged = false;
      this.logger.info(`${this.plcId}: FC${b.fc} ${b.start}+${b.count} answers again`);
    }
    const items = b.items;
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as BlockState['items'][number];
      const p = this.points[it.tag] as TagPoint;
      const v = decodeAt(p, buffer, it.offset);
      const q =
        v === undefined
          ? this.values.refuse(
              p,
              UNDECODABLE,
              `answer too short for it (FC${b.fc} ${b.start}+${b.count})`,
            )
          : this.values.judge(p, v);
      const value = v === undefined ? null : sampleValue(p, v, q);
      if (q === 'Good') this.last[it.tag] = value;
      this.push(p, value, q);
    }
    return true;
  }

  private async onReadError(
    s: ScanState,
    b: BlockState,
    err: unknown,
    mayRetry: boolean,
  ): Promise<boolean> {
    if (!this.running) return false;
    const f = classifyModbusError(err);
    this.lastError = `FC${b.fc} ${b.start}+${b.count}: ${f.message}`;
    if (f.kind === 'connection') return false; // onDown reports the loss
    if (f.kind === 'timeout') {
      this.stats.raw.timeouts++;
      this.consecutiveTimeouts++;
      // The PLC did not answer in time: every tag of it is in doubt, not only this scan class's (the
      // other classes' requests wait behind this one on the same link and would only time out later).
      this.reportCommLoss();
      if (this.consecutiveTimeouts >= this.options.demoteAfterTimeouts) this.demote();
      return false;
    }
    // An exception is an answer: the link is alive, and the next timeout must condemn every tag again.
    this.consecutiveTimeouts = 0;
    this.commLossReported = false;
    this.stats.exception(exceptionName(f.code));
    const rule = readExceptionRule(f.code);
    if (rule.action === 'busy') {
      if (mayRetry) {
        await sleep(Math.min(250, s.periodMs / 2));
        if (this.running && this.conn.connected) return this.pollBlock(s, b, false);
      }
      for (const it of b.items) {
        const u = lastUsable(this.last[it.tag] ?? null);
        this.push(this.points[it.tag] as TagPoint, u.value, u.quality);
      }
      return true;
    }
    if (rule.action === 'config') {
      b.retryAt = Date.now() + CONFIG_RETRY_MS;
      if (!b.configLogged) {
        b.configLogged = true;
        this.logger.warn(
          `${this.plcId}: FC${b.fc} ${b.start}+${b.count} (${b.items.map((i) => i.name).join(', ')}) ` +
            `answered exception ${exceptionName(f.code)}; tags Bad_ConfigurationError, retried every ${CONFIG_RETRY_MS / 1000} s`,
        );
      }
    }
    this.pushBlock(b, rule.quality);
    return true;
  }

  private demote(): void {
    const { demotionPeriodMs, demoteAfterTimeouts } = this.options;
    this.demotedUntil = Date.now() + demotionPeriodMs;
    this.lastError = `demoted for ${demotionPeriodMs} ms after ${demoteAfterTimeouts} consecutive timeouts`;
    this.logger.warn(`${this.plcId}: ${this.lastError}`);
    this.reportCommLoss();
    this.conn.suspend('demoted');
    this.demotionTimer = setTimeout(() => {
      this.demotionTimer = null;
      this.demotedUntil = null;
      this.consecutiveTimeouts = 0;
      this.conn.resume();
    }, demotionPeriodMs);
  }

  private onUp(reconnected: boolean): void {
    if (reconnected) this.stats.raw.reconnects++;
    this.lastError = null;
    for (const s of this.scans) this.tick(s);
  }

  private onDown(reason: string): void {
    if (!this.running) return;
    this.lastError = reason;
    this.reportCommLoss();
  }

  /** Every tag COMM_LOSS, once per outage. */
  private reportCommLoss(): void {
    if (this.commLossReported || !this.running) return;
    this.commLossReported = true;
    for (const p of this.points) this.push(p, null, COMM_LOSS);
  }

  // --- helpers ---

  private send(b: ModbusBlock, urgent: boolean): Promise<{ buffer: Buffer }> {
    this.stats.raw.requests++;
    return this.conn.request((c) => READ[b.fc](c, b.start, b.count), urgent);
  }

  private push(p: TagPoint, value: SampleValue, quality: Quality): void {
    if (!this.running) return;
    this.stats.raw.notifications++;
    this.sink(p.key, value, quality, undefined);
  }

  private pushBlock(b: ModbusBlock, quality: Quality): void {
    for (const it of b.items) this.push(this.points[it.tag] as TagPoint, null, quality);
  }

  private index(tagName: string): number {
    const i = this.indexByName.get(tagName);
    if (i === undefined)
      throw new DriverError('UNKNOWN_TAG', `${tagName} is not a tag of ${this.plcId}`);
    return i;
  }

  private point(tagName: string): TagPoint {
    return this.points[this.index(tagName)] as TagPoint;
  }

  private checkReachable(): void {
    if (!this.running) throw new DriverError('STOPPED', `${this.plcId}: driver not running`);
    if (this.demotedUntil !== null) {
      throw new DriverError(
        'DEMOTED',
        `${this.plcId} is demoted until ${new Date(this.demotedUntil).toISOString()}`,
        COMM_LOSS,
      );
    }
    if (!this.conn.connected) {
      throw new DriverError('NOT_CONNECTED', `${this.plcId} is not connected`, COMM_LOSS);
    }
  }

  /** Turns a request failure of a write or read-back into a DriverError (counting timeouts). */
  private commandError(err: unknown, what: string): DriverError {
    if (err instanceof DriverError) return err;
    const f = classifyModbusError(err);
    if (f.kind === 'timeout') {
      this.stats.raw.timeouts++;
      this.consecutiveTimeouts++;
      if (this.consecutiveTimeouts >= this.options.demoteAfterTimeouts) this.demote();
      return new DriverError('TIMEOUT', `${this.plcId}: ${what} timed out`, COMM_LOSS);
    }
    if (f.kind === 'connection') {
      return new DriverError('NOT_CONNECTED', `${this.plcId}: ${what}: ${f.message}`, COMM_LOSS);
    }
    this.stats.exception(exceptionName(f.code));
    return new DriverError(
      'DEVICE',
      `${this.plcId}: ${what}: ${f.message}`,
      readExceptionRule(f.code).quality,
    );
  }
}

// The OPC UA driver: one session per PLC, its life cycle (connect, certificates, namespace), writes, read-back.
import type { PlcDef } from '@zld/plant';
import { qualityFromCode, type Quality } from '@zld/tags';
import type { ClientSubscription } from 'node-opcua';
import {
  AttributeIds,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  type ClientSession,
  type StatusCode,
} from 'node-opcua';
import { backoffDelay } from '../kernel/backoff.js';
import { DeadlineError, withDeadline } from '../kernel/deadline.js';
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
  type ReconnectOptions,
  type SampleSink,
  type TagKey,
  type WriteResult,
} from '../kernel/driver.js';
import { DriverStats } from '../kernel/stats.js';
import { checkWriteValue, tagPoint, type TagPoint } from '../kernel/tag-point.js';
import { checkSecurity, type SecuritySettings } from './security.js';
import { MonitoredTags, nodeIdOf } from './monitored-tags.js';
import { opcuaDriverOptions, opcuaSettingsOf, type OpcuaPlcOptions } from './schema.js';
import { emitDataValue, variantFor } from './variant.js';

export class OpcuaDriver implements Driver {
  readonly protocol = 'opcua';
  readonly plcId: string;
  private readonly ua: OpcuaPlcOptions;
  private readonly security: SecuritySettings;
  private readonly pkiDir: string;
  private readonly acceptUnknown: boolean;
  private readonly reconnect: ReconnectOptions;
  private readonly points: TagPoint[];
  private readonly indexByName: Map<string, number>;
  private readonly monitored: MonitoredTags;
  private readonly sink: SampleSink;
  private readonly logger: DriverLogger;
  private readonly stats = new DriverStats();
  private cm: OPCUACertificateManager | null = null;
  private client: OPCUAClient | null = null;
  private session: ClientSession | null = null;
  private subscription: ClientSubscription | null = null;
  private nsIndex = -1;
  private connected = false;
  private everConnected = false;
  private running = false;
  private commLossReported = false;
  private lastError: string | null = null;
  private consecutiveTimeouts = 0;
  private wake: (() => void) | null = null;

  constructor(plc: PlcDef, options: DriverOptions) {
    const ua = opcuaSettingsOf(plc);
    const own = opcuaDriverOptions(plc, options);
    this.plcId = plc.id;
    this.ua = ua;
    this.security = checkSecurity(ua, own.allowInsecure);
    this.pkiDir = own.pkiDir;
    this.acceptUnknown = own.acceptUnknownCertificate ?? false;
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.logger = options.logger ?? consoleLogger;
    this.sink = guardSink(options.sink, this.logger, plc.id);
    this.points = tagsOfPlc(plc, options.tags).map((t) => tagPoint(t, options.keyOf));
    this.indexByName = new Map(this.points.map((p, i) => [p.tag.name, i]));
    this.monitored = new MonitoredTags(plc, this.points, {
      plcId: plc.id,
      sink: this.sink,
      touch: options.touch,
      logger: this.logger,
      stats: this.stats,
      isRunning: () => this.running,
      onConfigError: (key) => this.push(key, 'Bad_ConfigurationError'),
      onError: (message) => {
        this.lastError = message;
      },
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.teardown();
    const cm = this.cm;
    this.cm = null;
    await cm?.dispose();
  }

  status(): DriverStatus {
    return {
      plcId: this.plcId,
      protocol: this.protocol,
      connected: this.connected,
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
    const p = this.point(tagName);
    if (!p.tag.writable) throw new DriverError('NOT_WRITABLE', `${tagName} is not writable`);
    const checked = checkWriteValue(p, value);
    const session = this.requireSession();
    this.stats.raw.requests++;
    this.stats.raw.writes++;
    try {
      const sc = await this.deadline(
        session.write({
          nodeId: this.nodeId(p),
          attributeId: AttributeIds.Value,
          value: { value: variantFor(p, checked) },
        }),
        `write ${tagName}`,
      );
      return { name: tagName, value, quality: this.writeQuality(sc, tagName) };
    } catch (err) {
      this.stats.raw.writeFailures++;
      throw err instanceof DriverError
        ? err
        : new DriverError(
            'NOT_CONNECTED',
            `write ${tagName}: ${(err as Error).message}`,
            COMM_LOSS,
          );
    }
  }

  async read(tagNames: readonly string[]): Promise<ReadSample[]> {
    const ps = tagNames.map((n) => this.point(n));
    const session = this.requireSession();
    this.stats.raw.requests++;
    let dvs;
    try {
      dvs = await this.deadline(
        session.read(ps.map((p) => ({ nodeId: this.nodeId(p), attributeId: AttributeIds.Value }))),
        'read-back',
      );
    } catch (err) {
      throw err instanceof DriverError
        ? err
        : new DriverError('NOT_CONNECTED', `read-back: ${(err as Error).message}`, COMM_LOSS);
    }
    return ps.map((p, i) => {
      const out: ReadSample = {
        name: p.tag.name,
        value: null,
        quality: 'Bad',
        sourceTs: undefined,
      };
      const dv = dvs[i];
      if (dv)
        emitDataValue(p, dv, (_k, value, quality, sourceTs) =>
          Object.assign(out, { value, quality, sourceTs }),
        );
      return out;
    });
  }

  // --- connection life cycle ---

  /** Connects until it succeeds; node-opcua keeps the session (and repairs or re-creates subscriptions) from then on. */
  private async run(): Promise<void> {
    for (let attempt = 0; this.running; attempt++) {
      try {
        await this.establish();
        return;
      } catch (err) {
        if (!this.running) return;
        this.fail(`${this.ua.endpointUrl}: ${(err as Error).message}`);
        await this.teardown();
        await this.pause(backoffDelay(attempt, this.reconnect));
      }
    }
  }

  private async establish(): Promise<void> {
    if (!this.cm) {
      this.cm = new OPCUACertificateManager({
        rootFolder: this.pkiDir,
        automaticallyAcceptUnknownCertificate: this.acceptUnknown,
      });
      await this.cm.initialize();
    }
    const client = OPCUAClient.create({
      applicationName: 'ZLD SCADA gateway',
      endpointMustExist: false,
      securityMode: MessageSecurityMode[this.security.mode],
      securityPolicy: SecurityPolicy[this.security.policy as keyof typeof SecurityPolicy],
      clientCertificateManager: this.cm,
      connectionStrategy: {
        maxRetry: -1,
        initialDelay: this.reconnect.initialDelayMs,
        maxDelay: this.reconnect.maxDelayMs,
        randomisationFactor: 0.5,
      },
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
    });
    this.client = client;
    client.on('backoff', (n, delay) =>
      this.fail(`cannot reach ${this.ua.endpointUrl} (attempt ${n + 1}, retry in ${delay} ms)`),
    );
    client.on('connection_lost', () => {
      this.connected = false;
      this.fail('connection lost');
    });
    client.on('connection_reestablished', () => this.up());
    await client.connect(this.ua.endpointUrl);
    if (!this.running || this.client !== client) return;
    const session = await client.createSession();
    this.session = session;
    session.on('session_restored', () => void this.checkNamespace(session));
    this.stats.raw.requests++;
    this.nsIndex = await this.namespaceIndex(session);
    if (this.nsIndex >= 0) this.subscription = this.monitored.subscribe(session, this.nsIndex);
    this.up();
  }

  private up(): void {
    if (this.everConnected) this.stats.raw.reconnects++;
    this.everConnected = true;
    this.connected = true;
    this.commLossReported = false;
    this.consecutiveTimeouts = 0;
    if (this.nsIndex >= 0) this.lastError = null;
  }

  /** Finds the PLC's namespace; when it is missing, every tag is Bad_ConfigurationError. */
  private async namespaceIndex(session: ClientSession): Promise<number> {
    const idx = (await session.readNamespaceArray()).indexOf(this.ua.namespaceUri);
    if (idx < 0) {
      this.lastError = `namespace ${this.ua.namespaceUri} not found on ${this.ua.endpointUrl}`;
      this.logger.warn(`${this.plcId}: ${this.lastError}`);
      for (const p of this.points) this.push(p.key, 'Bad_ConfigurationError');
    }
    return idx;
  }

  /** After a server restart the namespace may have moved: then the monitored items are made again. */
  private async checkNamespace(session: ClientSession): Promise<void> {
    try {
      const idx = await this.namespaceIndex(session);
      if (idx === this.nsIndex || !this.running || this.session !== session) return;
      this.nsIndex = idx;
      await this.subscription?.terminate().catch(() => undefined);
      this.subscription = null;
      if (idx >= 0) this.subscription = this.monitored.subscribe(session, idx);
    } catch (err) {
      this.lastError = `namespace check: ${(err as Error).message}`;
    }
  }

  private fail(reason: string): void {
    if (!this.running) return;
    this.lastError = reason;
    if (this.commLossReported) return;
    this.commLossReported = true;
    for (const p of this.points) this.push(p.key, COMM_LOSS);
  }

  private async teardown(): Promise<void> {
    const { client, subscription } = this;
    this.client = null;
    this.session = null;
    this.subscription = null;
    this.connected = false;
    if (subscription) await withDeadline(subscription.terminate(), 2000).catch(() => undefined);
    if (client) await withDeadline(client.disconnect(), 3000).catch(() => undefined);
  }

  // --- helpers ---

  private push(key: TagKey, quality: Quality): void {
    if (!this.running) return;
    this.stats.raw.notifications++;
    this.sink(key, null, quality, undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private point(tagName: string): TagPoint {
    const p = this.points[this.indexByName.get(tagName) ?? -1];
    if (!p) throw new DriverError('UNKNOWN_TAG', `${tagName} is not a tag of ${this.plcId}`);
    return p;
  }

  private nodeId(p: TagPoint): string {
    return nodeIdOf(this.nsIndex, p);
  }

  private requireSession(): ClientSession {
    if (!this.running) throw new DriverError('STOPPED', `${this.plcId}: driver not running`);
    if (!this.session || !this.connected)
      throw new DriverError('NOT_CONNECTED', `${this.plcId} is not connected`, COMM_LOSS);
    if (this.nsIndex < 0) {
      throw new DriverError(
        'DEVICE',
        `${this.plcId}: namespace ${this.ua.namespaceUri} not found`,
        'Bad_ConfigurationError',
      );
    }
    return this.session;
  }

  private writeQuality(sc: StatusCode, tagName: string): Quality {
    if (sc.value === StatusCodes.GoodCompletesAsynchronously.value) return 'Good_WritePending';
    if (sc.isGood()) return 'Good';
    this.stats.exception(sc.name);
    throw new DriverError('DEVICE', `write ${tagName}: ${sc.name}`, qualityFromCode(sc.value));
  }

  /** A service call bounded by the PLC's timeout; a late answer is a TIMEOUT DriverError. */
  private async deadline<T>(p: Promise<T>, what: string): Promise<T> {
    try {
      const v = await withDeadline(p, this.ua.timeoutMs);
      this.consecutiveTimeouts = 0;
      return v;
    } catch (err) {
      if (!(err instanceof DeadlineError)) throw err;
      this.stats.raw.timeouts++;
      this.consecutiveTimeouts++;
      throw new DriverError(
        'TIMEOUT',
        `${this.plcId}: ${what} timed out after ${this.ua.timeoutMs} ms`,
        COMM_LOSS,
      );
    }
  }
}

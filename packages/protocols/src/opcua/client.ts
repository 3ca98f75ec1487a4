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
import { MonitoredTags } from './monitored-tags.js';
import { nodeRefOf, ResolvedNodes } from './node-address.js';
import {
  opcuaAddressOf,
  opcuaDriverOptions,
  opcuaSettingsOf,
  type OpcuaPlcOptions,
} from './schema.js';
import { SessionWatch, step } from './session-watch.js';
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
  private watch: SessionWatch | null = null;
  /** Each point's NodeId in the current session's namespaces. */
  private readonly nodes: ResolvedNodes;
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
    const refs = this.points.map((p) => nodeRefOf(opcuaAddressOf(p.tag)));
    this.nodes = new ResolvedNodes(refs, ua.endpointUrl, ua.namespaceUri);
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
    const nodeId = this.nodeId(p);
    const session = this.requireSession();
    this.stats.raw.requests++;
    this.stats.raw.writes++;
    try {
      const sc = await this.deadline(
        session.write({
          nodeId,
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
    const nodeIds = ps.map((p) => this.nodeId(p));
    const session = this.requireSession();
    this.stats.raw.requests++;
    let dvs;
    try {
      dvs = await this.deadline(
        session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value }))),
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

  /**
   * The driver owns recovery: node-opcua's own reconnection is off (`maxRetry: 0`), because after a real
   * device restarts it can stop for good without an event (the server refuses the old session, then the
   * publish requests, and the library's publish engine just goes quiet). Each loss, whatever its cause
   * (the channel closed, the session or subscription dead, no publish answer, a new server start time),
   * tears everything down and builds a new channel, session and subscription, with back-off between
   * failed attempts.
   */
  private async run(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      let reason: string;
      try {
        const healthy = () => {
          attempt = 0;
        };
        reason = await this.establish(healthy);
        if (!this.running) return;
        this.logger.warn(`${this.plcId}: ${reason}; building a new session`);
      } catch (err) {
        if (!this.running) return;
        reason = `${this.ua.endpointUrl}: ${(err as Error).message}`;
      }
      const delay = backoffDelay(attempt++, this.retry);
      this.fail(`${reason} (attempt ${attempt}, retry in ${delay} ms)`);
      await this.teardown();
      await this.pause(delay);
    }
  }

  /** Back-off between attempts, at most 4 s apart: a rebooted PLC is back in view soon after it is. */
  private get retry(): ReconnectOptions {
    return { ...this.reconnect, maxDelayMs: Math.min(this.reconnect.maxDelayMs, 4000) };
  }

  /** Connects, opens a session and its subscription; answers when and why they died. */
  private async establish(onHealthy: () => void): Promise<string> {
    if (!this.cm) {
      this.cm = new OPCUACertificateManager({
        rootFolder: this.pkiDir,
        automaticallyAcceptUnknownCertificate: this.acceptUnknown,
      });
      await this.cm.initialize();
    }
    let died: (reason: string) => void = () => undefined;
    const death = new Promise<string>((resolve) => (died = resolve));
    const client = OPCUAClient.create({
      applicationName: 'ZLD SCADA gateway',
      endpointMustExist: false,
      securityMode: MessageSecurityMode[this.security.mode],
      securityPolicy: SecurityPolicy[this.security.policy as keyof typeof SecurityPolicy],
      clientCertificateManager: this.cm,
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 100 },
      keepSessionAlive: false,
      requestedSessionTimeout: 60_000,
    });
    this.client = client;
    client.on('connection_lost', () => died('connection lost'));
    client.on('close', () => died('connection closed'));
    const limit = Math.max(this.ua.timeoutMs, 5000);
    await step(client.connect(this.ua.endpointUrl), limit, 'connect');
    if (!this.running || this.client !== client) return 'stopped';
    const session = await step(client.createSession(), limit, 'create session');
    this.session = session;
    this.stats.raw.requests++;
    const namespaces = await step(session.readNamespaceArray(), limit, 'read namespace array');
    this.resolve(namespaces);
    const subscription = this.nodes.all.some((n) => n !== null)
      ? this.monitored.subscribe(session, this.nodes.all)
      : null;
    this.subscription = subscription;
    const watch = new SessionWatch(session, subscription, {
      publishSilenceMs: Math.max(5000, 4 * this.monitored.keepAliveMs, 2 * this.ua.timeoutMs),
      probeMs: 5000,
      timeoutMs: this.ua.timeoutMs,
      onDead: died,
      onHealthy,
      onServerState: (state) => {
        this.lastError = `${this.ua.endpointUrl} reports server state ${state} (not Running)`;
      },
    });
    this.watch = watch;
    await watch.start();
    if (subscription === null) onHealthy();
    this.up();
    return death;
  }

  /** Each point's NodeId in this session's namespaces; a point whose namespace is missing is Bad. */
  private resolve(namespaces: readonly string[]): void {
    for (const i of this.nodes.resolve(namespaces))
      this.push((this.points[i] as TagPoint).key, 'Bad_ConfigurationError');
    if (this.nodes.error === null) return;
    this.lastError = this.nodes.error;
    this.logger.warn(`${this.plcId}: ${this.nodes.error}`);
  }

  private up(): void {
    if (this.everConnected) this.stats.raw.reconnects++;
    this.everConnected = true;
    this.connected = true;
    this.commLossReported = false;
    this.consecutiveTimeouts = 0;
    this.lastError = this.nodes.error;
  }

  private fail(reason: string): void {
    if (!this.running) return;
    this.lastError = reason;
    if (this.commLossReported) return;
    this.commLossReported = true;
    for (const p of this.points) this.push(p.key, COMM_LOSS);
  }

  private async teardown(): Promise<void> {
    const { client, session, subscription, watch } = this;
    this.client = null;
    this.session = null;
    this.subscription = null;
    this.watch = null;
    this.connected = false;
    watch?.stop();
    if (subscription) await withDeadline(subscription.terminate(), 2000).catch(() => undefined);
    if (session) await withDeadline(session.close(false), 2000).catch(() => undefined);
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

  /** The point's NodeId in the current session; Bad_ConfigurationError when its namespace is missing. */
  private nodeId(p: TagPoint): string {
    if (!this.nodes.known) {
      this.requireSession(); // not running, or not connected yet
      throw new DriverError('NOT_CONNECTED', `${this.plcId} is not connected yet`, COMM_LOSS);
    }
    const id = this.nodes.of(this.indexByName.get(p.tag.name) ?? -1);
    if (id === null)
      throw new DriverError(
        'DEVICE',
        `${this.plcId}: ${p.tag.name}: ${this.nodes.error ?? 'node not resolved'}`,
        'Bad_ConfigurationError',
      );
    return id;
  }

  private requireSession(): ClientSession {
    if (!this.running) throw new DriverError('STOPPED', `${this.plcId}: driver not running`);
    if (!this.session || !this.connected)
      throw new DriverError('NOT_CONNECTED', `${this.plcId} is not connected`, COMM_LOSS);
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

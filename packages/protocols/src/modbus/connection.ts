// One Modbus link (TCP, RTU over TCP or a serial line): connect with back-off and jitter, one request in flight at
// a time (each for its unit id), loss detection.
import type { Duplex } from 'node:stream';
import { backoffDelay } from '../kernel/backoff.js';
import type { ReconnectOptions } from '../kernel/driver.js';
import { openTransport, type ModbusClient } from './transport.js';
import type { ModbusEndpoint } from './transport-schema.js';

export type { ModbusClient } from './transport.js';

/** A request could not be answered because the link is down (or went down while it was in flight). */
export class ConnectionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionLostError';
  }
}

export interface ConnectionOptions {
  endpoint: ModbusEndpoint;
  /** The unit id of requests that name none (a link shared by several units names it per request). */
  unitId: number;
  /** Request timeout, also the TCP connect timeout. */
  timeoutMs: number;
  /** RTU transports: silence before each request (default t3.5 on a serial line, 0 over TCP). */
  interFrameDelayMs?: number | undefined;
  reconnect: ReconnectOptions;
  random?: () => number;
}

export interface ConnectionEvents {
  /** The link is up; `reconnected` is false for the first connection. */
  onUp(reconnected: boolean): void;
  /** A connection attempt failed or the link was lost. */
  onDown(reason: string): void;
}

interface Pending {
  run: (client: ModbusClient) => Promise<unknown>;
  unitId: number;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** What a driver needs of its link: a connection of its own, or its share of a serial line. */
export interface ModbusChannel {
  readonly connected: boolean;
  start(): void;
  stop(): Promise<void>;
  /** Drops (or leaves) the link and stays down until `resume()` (auto-demotion). */
  suspend(reason: string): void;
  resume(): void;
  request<T>(run: (client: ModbusClient) => Promise<T>, urgent?: boolean): Promise<T>;
}

export class ModbusConnection implements ModbusChannel {
  private client: ModbusClient | null = null;
  private stream: Duplex | null = null;
  private readonly queue: Pending[] = [];
  private inflight: Pending | null = null;
  private attempt = 0;
  private everUp = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private running = false;
  private suspended = false;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {}

  get connected(): boolean {
    return this.client !== null;
  }

  start(): void {
    this.running = true;
    this.suspended = false;
    this.connectOnce();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.drop('driver stopped', false);
  }

  /** Drops the link and stays down until `resume()` (auto-demotion). */
  suspend(reason: string): void {
    this.suspended = true;
    this.drop(reason, false);
  }

  resume(): void {
    if (!this.running || !this.suspended) return;
    this.suspended = false;
    this.attempt = 0;
    this.connectOnce();
  }

  /**
   * Runs one request on the link, after those already queued (`urgent`: before them, e.g. writes).
   * Rejects with `ConnectionLostError` at once when the link is down or goes down meanwhile.
   */
  request<T>(
    run: (client: ModbusClient) => Promise<T>,
    urgent = false,
    unitId = this.options.unitId,
  ): Promise<T> {
    if (!this.client) return Promise.reject(new ConnectionLostError('not connected'));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { run, unitId, resolve: resolve as (v: unknown) => void, reject };
      if (urgent) this.queue.unshift(p);
      else this.queue.push(p);
      this.pump();
    });
  }

  private pump(): void {
    if (this.inflight) return;
    const p = this.queue.shift();
    if (!p) return;
    const client = this.client;
    if (!client) {
      p.reject(new ConnectionLostError('not connected'));
      this.pump();
      return;
    }
    this.inflight = p;
    const settle = (ok: boolean, v: unknown): void => {
      if (this.inflight !== p) return; // already rejected when the link was lost
      this.inflight = null;
      if (ok) p.resolve(v);
      else p.reject(v);
      this.pump();
    };
    let started: Promise<unknown>;
    try {
      client.setID(p.unitId);
      started = p.run(client);
    } catch (err) {
      started = Promise.reject(err);
    }
    started.then(
      (v) => settle(true, v),
      (e) => settle(false, e),
    );
  }

  private connectOnce(): void {
    if (!this.running || this.suspended) return;
    const { endpoint, timeoutMs, unitId, interFrameDelayMs } = this.options;
    const attempt = openTransport(endpoint, { timeoutMs, interFrameDelayMs });
    const stream = attempt.stream;
    this.stream = stream;
    let up = false;
    stream.on('error', (err) => {
      if (!up) this.failed(stream, err.message);
    });
    stream.once('close', () => {
      if (up) this.lost(stream, 'connection closed by peer');
      else this.failed(stream, 'connection closed');
    });
    attempt.ready.then(
      (client) => {
        if (this.stream !== stream) return;
        client.setID(unitId);
        client.setTimeout(timeoutMs);
        up = true;
        this.client = client;
        const reconnected = this.everUp;
        this.everUp = true;
        this.attempt = 0;
        this.events.onUp(reconnected);
      },
      (err: unknown) => this.failed(stream, (err as Error).message),
    );
  }

  private failed(stream: Duplex, reason: string): void {
    if (this.stream !== stream) return;
    this.stream = null;
    stream.destroy();
    this.events.onDown(reason);
    this.scheduleRetry();
  }

  private lost(stream: Duplex, reason: string): void {
    if (this.stream !== stream) return;
    this.drop(reason, true);
  }

  /** Tears the link down; pending requests fail with ConnectionLostError. */
  private drop(reason: string, retry: boolean): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const stream = this.stream;
    const wasUp = this.client !== null;
    this.stream = null;
    this.client = null;
    stream?.destroy();
    const lost = new ConnectionLostError(reason);
    const pending = this.inflight ? [this.inflight, ...this.queue] : [...this.queue];
    this.inflight = null;
    this.queue.length = 0;
    for (const p of pending) p.reject(lost);
    if (wasUp) this.events.onDown(reason);
    if (retry) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running || this.suspended || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++, this.options.reconnect, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectOnce();
    }, delay);
  }
}

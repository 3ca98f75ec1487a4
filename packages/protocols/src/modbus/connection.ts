// One Modbus TCP link to one PLC: connect with back-off and jitter, one request in flight at a time, loss detection.
import { connect as netConnect, type Socket } from 'node:net';
import ModbusSerial from 'modbus-serial';
import { backoffDelay } from '../kernel/backoff.js';
import type { ReconnectOptions } from '../kernel/driver.js';

/** modbus-serial's client class (its CommonJS default export). */
export type ModbusClient = InstanceType<typeof ModbusSerial.default>;
const ModbusRTU = ModbusSerial.default;

/** A request could not be answered because the link is down (or went down while it was in flight). */
export class ConnectionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionLostError';
  }
}

export interface ConnectionOptions {
  host: string;
  port: number;
  unitId: number;
  /** Request timeout, also the TCP connect timeout. */
  timeoutMs: number;
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
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class ModbusConnection {
  private client: ModbusClient | null = null;
  private socket: Socket | null = null;
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
  request<T>(run: (client: ModbusClient) => Promise<T>, urgent = false): Promise<T> {
    if (!this.client) return Promise.reject(new ConnectionLostError('not connected'));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { run, resolve: resolve as (v: unknown) => void, reject };
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
    const { host, port, timeoutMs, unitId } = this.options;
    const socket = netConnect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    let up = false;
    const timer = setTimeout(
      () => socket.destroy(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('error', (err) => {
      if (!up) this.failed(socket, err.message);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (up) this.lost(socket, 'connection closed by peer');
      else this.failed(socket, 'connection closed');
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      if (this.socket !== socket) return;
      const client = new ModbusRTU();
      client.linkTCP(socket, { port }, (err: Error | null) => {
        if (this.socket !== socket) return;
        if (err) {
          socket.destroy();
          return;
        }
        client.setID(unitId);
        client.setTimeout(timeoutMs);
        up = true;
        this.client = client;
        const reconnected = this.everUp;
        this.everUp = true;
        this.attempt = 0;
        this.events.onUp(reconnected);
      });
    });
  }

  private failed(socket: Socket, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    this.events.onDown(reason);
    this.scheduleRetry();
  }

  private lost(socket: Socket, reason: string): void {
    if (this.socket !== socket) return;
    this.drop(reason, true);
  }

  /** Tears the link down; pending requests fail with ConnectionLostError. */
  private drop(reason: string, retry: boolean): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    const wasUp = this.client !== null;
    this.socket = null;
    this.client = null;
    socket?.destroy();
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

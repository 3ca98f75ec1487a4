// A client link to a loopback device: connects with back-off, numbers requests, matches answers, times them out.
import { connect, type Socket } from 'node:net';
import { backoffDelay } from '../kernel/backoff.js';
import { DeadlineError } from '../kernel/deadline.js';
import type { ReconnectOptions } from '../kernel/driver.js';
import { LineSplitter, parseAnswer, type Answer, type Request } from './wire.js';

export type RequestBody = Request extends infer R
  ? R extends Request
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  resolve(a: Answer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export interface LineLinkEvents {
  /** Connected (`reconnected`: not the first time). */
  onUp(reconnected: boolean): void;
  /** Lost, refused or closed for garbage; the link retries by itself. */
  onDown(reason: string): void;
}

export class LineLink {
  private socket: Socket | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private attempt = 0;
  private everUp = false;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly target: { host: string; port: number; timeoutMs: number },
    private readonly reconnect: ReconnectOptions,
    private readonly events: LineLinkEvents,
  ) {}

  get connected(): boolean {
    return this.socket !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.dial();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.drop('stopped', false);
  }

  /** Sends a request; rejects with DeadlineError after `timeoutMs`, or with the link's loss. */
  request(body: RequestBody): Promise<Answer> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('not connected'));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DeadlineError(this.target.timeoutMs));
      }, this.target.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  private dial(): void {
    if (!this.running) return;
    const socket = connect({ host: this.target.host, port: this.target.port });
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const splitter = new LineSplitter((line) => this.onLine(line));
    let up = false;
    socket.once('connect', () => {
      up = true;
      this.socket = socket;
      this.attempt = 0;
      const again = this.everUp;
      this.everUp = true;
      this.events.onUp(again);
    });
    socket.on('data', (chunk: string) => {
      try {
        splitter.push(chunk);
      } catch (err) {
        this.drop(`the device sent ${(err as Error).message}`, true);
      }
    });
    socket.once('error', (err) => {
      if (!up)
        this.retry(`cannot connect to ${this.target.host}:${this.target.port}: ${err.message}`);
    });
    socket.once('close', () => {
      if (up && this.socket === socket) this.drop('the device closed the connection', true);
    });
  }

  private onLine(line: string): void {
    const a = parseAnswer(line);
    if (typeof a === 'string') {
      this.drop(`the device answered garbage (${a}): ${line.slice(0, 80)}`, true);
      return;
    }
    const p = this.pending.get(a.id);
    if (!p) return; // a late answer to a request that timed out
    this.pending.delete(a.id);
    clearTimeout(p.timer);
    p.resolve(a);
  }

  /** Closes the socket, fails what is pending, and (when `retry`) dials again after a back-off. */
  private drop(reason: string, retry: boolean): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
    }
    this.pending.clear();
    if (retry) this.retry(reason);
    else if (socket) this.events.onDown(reason);
  }

  /** Reports the loss (the driver reports each outage once) and dials again after a back-off. */
  private retry(reason: string): void {
    if (!this.running || this.retryTimer) return;
    this.events.onDown(reason);
    const delay = backoffDelay(this.attempt++, this.reconnect);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.dial();
    }, delay);
  }
}

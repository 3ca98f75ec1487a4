// A serial line carries several slaves: one connection per line, shared by the drivers of its unit ids.
import type {
  ConnectionEvents,
  ConnectionOptions,
  ModbusChannel,
  ModbusClient,
} from './connection.js';
import { ConnectionLostError, ModbusConnection } from './connection.js';
import { lineAgreement, type SerialLine } from './transport-schema.js';

/** The serial lines open in this process, by device path. */
const lines = new Map<string, SharedLine>();

function lineSettings(options: ConnectionOptions): string {
  const serial = (options.endpoint as { serial: SerialLine }).serial;
  return lineAgreement(serial, options.timeoutMs, options.interFrameDelayMs);
}

class SharedLine {
  readonly conn: ModbusConnection;
  readonly users = new Set<LineShare>();
  readonly settings: string;
  /** Why the line is down, once an attempt to open it failed or it was lost; null while up or opening. */
  downReason: string | null = null;

  constructor(options: ConnectionOptions) {
    this.settings = lineSettings(options);
    this.conn = new ModbusConnection(options, {
      onUp: (reconnected) => {
        this.downReason = null;
        for (const u of this.users) u.lineUp(reconnected);
      },
      onDown: (reason) => {
        this.downReason = reason;
        for (const u of this.users) u.lineDown(reason);
      },
    });
  }
}

/**
 * One driver's share of a serial line: its requests go out with its unit id, one at a time with those of
 * the other units on the line; demoting it stops its requests but leaves the line to the others. The line
 * opens with its first started share and closes with its last stopped one.
 */
export class LineShare implements ModbusChannel {
  private line: SharedLine | null = null;
  private suspended = false;
  private refused: string | null = null;

  constructor(
    private readonly path: string,
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {}

  get connected(): boolean {
    return this.line !== null && !this.suspended && this.line.conn.connected;
  }

  start(): void {
    if (this.line) return;
    this.suspended = false;
    let line = lines.get(this.path);
    if (!line) {
      line = new SharedLine(this.options);
      lines.set(this.path, line);
    }
    const asked = lineSettings(this.options);
    if (asked !== line.settings) {
      // Two settings for one line: this unit is refused, the line stays as its first user opened it.
      this.refused =
        `serial line ${this.path} is open as ${line.settings}; this PLC asks ${asked}: ` +
        `PLCs on one line need the same line settings`;
      queueMicrotask(() => this.events.onDown(this.refused as string));
      return;
    }
    this.line = line;
    line.users.add(this);
    if (line.users.size === 1) line.conn.start();
    else if (line.conn.connected) queueMicrotask(() => this.lineUp(false));
    else if (line.downReason !== null) queueMicrotask(() => this.lineDown(line.downReason ?? ''));
  }

  async stop(): Promise<void> {
    const line = this.line;
    this.line = null;
    if (!line) return;
    line.users.delete(this);
    if (line.users.size > 0) return;
    lines.delete(this.path);
    await line.conn.stop();
  }

  suspend(reason: string): void {
    if (this.suspended) return;
    this.suspended = true;
    if (this.line?.conn.connected) this.events.onDown(reason);
  }

  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    if (this.line?.conn.connected) this.events.onUp(true);
  }

  request<T>(run: (client: ModbusClient) => Promise<T>, urgent = false): Promise<T> {
    if (!this.line || this.suspended)
      return Promise.reject(new ConnectionLostError(this.refused ?? 'not connected'));
    return this.line.conn.request(run, urgent, this.options.unitId);
  }

  /** @internal the line came up. */
  lineUp(reconnected: boolean): void {
    if (!this.suspended && this.line) this.events.onUp(reconnected);
  }

  /** @internal the line went down. */
  lineDown(reason: string): void {
    if (!this.suspended && this.line) this.events.onDown(reason);
  }
}

/** The driver's link: its share of the serial line for `rtu`, a connection of its own over TCP. */
export function modbusChannel(options: ConnectionOptions, events: ConnectionEvents): ModbusChannel {
  const e = options.endpoint;
  return e.transport === 'rtu'
    ? new LineShare(e.serial.path, options, events)
    : new ModbusConnection(options, events);
}

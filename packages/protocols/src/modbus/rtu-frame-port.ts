// RTU framing over any byte stream (a serial port or a TCP socket), as a modbus-serial port: one answer per request.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { crcOk } from './crc16.js';

const EXCEPTION_LENGTH = 5;

/** The length of the answer to an RTU request, or undefined for function codes the driver does not send. */
export function answerLength(request: Buffer): number | undefined {
  const fc = request[1];
  switch (fc) {
    case 1:
    case 2:
      return 5 + Math.ceil(request.readUInt16BE(4) / 8);
    case 3:
    case 4:
      return 5 + 2 * request.readUInt16BE(4);
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    default:
      return undefined;
  }
}

/**
 * What modbus-serial needs of a port (`open`, `close`, `write`, `isOpen`, `data` events carrying whole
 * frames), over a stream that is already open. Differences from modbus-serial's buffered RTU ports:
 * - every request starts from an empty buffer: nothing that arrived before it (a late answer to a
 *   timed-out request, half a frame, noise) is mixed into its answer;
 * - a frame whose CRC is wrong is dropped (the request then times out, as the serial-line standard has
 *   it), and bytes before the expected unit id and function code are skipped;
 * - a request waits for `gapMs` of silence on the line (the t3.5 inter-frame gap) before it is sent.
 */
export class RtuFramePort extends EventEmitter {
  private buffer: Buffer = Buffer.alloc(0);
  private unit = -1;
  private fc = -1;
  private expected: number | undefined;
  private lastActivity = 0;
  private pendingWrite: NodeJS.Timeout | null = null;
  private open_ = true;

  constructor(
    private readonly stream: Duplex,
    private readonly gapMs: number,
  ) {
    super();
    stream.on('data', (d: Buffer) => this.onData(d));
    stream.on('error', (e) => this.emit('error', e));
    stream.once('close', () => {
      this.open_ = false;
      this.emit('close');
    });
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(callback: (err: Error | null) => void): void {
    callback(this.open_ ? null : new Error('the line is closed'));
  }

  close(callback?: (err?: Error | null) => void): void {
    this.destroy();
    callback?.(null);
  }

  destroy(): void {
    if (this.pendingWrite) clearTimeout(this.pendingWrite);
    this.pendingWrite = null;
    this.open_ = false;
    this.stream.destroy();
  }

  write(request: Buffer): void {
    this.unit = request[0] ?? -1;
    this.fc = request[1] ?? -1;
    this.expected = answerLength(request);
    this.buffer = Buffer.alloc(0);
    if (this.pendingWrite) clearTimeout(this.pendingWrite);
    this.pendingWrite = null;
    this.sendWhenSilent(request);
  }

  /** Sends once the line has been silent for the gap; bytes arriving meanwhile push it back. */
  private sendWhenSilent(request: Buffer): void {
    const wait = this.lastActivity + this.gapMs - performance.now();
    if (wait <= 0) return this.send(request);
    this.pendingWrite = setTimeout(() => {
      this.pendingWrite = null;
      this.sendWhenSilent(request);
    }, Math.ceil(wait));
  }

  private send(request: Buffer): void {
    if (!this.open_) return;
    this.buffer = Buffer.alloc(0); // what arrived during the gap belongs to no request of ours
    this.lastActivity = performance.now();
    this.stream.write(request);
  }

  private onData(data: Buffer): void {
    this.lastActivity = performance.now();
    if (this.unit < 0 || this.pendingWrite) return; // nothing asked yet, or still waiting for silence
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    const b = this.buffer;
    for (let i = 0; i + EXCEPTION_LENGTH <= b.length; i++) {
      if (b[i] !== this.unit) continue;
      const code = b[i + 1];
      const length =
        code === this.fc ? this.expected : code === (this.fc | 0x80) ? EXCEPTION_LENGTH : undefined;
      if (length === undefined || i + length > b.length) continue;
      const frame = b.subarray(i, i + length);
      if (!crcOk(frame)) continue;
      this.unit = -1; // one answer per request
      this.buffer = Buffer.alloc(0);
      this.emit('data', Buffer.from(frame));
      return;
    }
  }
}

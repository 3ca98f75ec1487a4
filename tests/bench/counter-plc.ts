// A lean Modbus TCP server standing in for a PLC: each read bumps a counter, written as float32 into the registers it answers.
import { createServer, type Server, type Socket } from 'node:net';

/** float32 holds every integer below 2^24 exactly; the counter stops there. */
const COUNTER_LIMIT = 2 ** 24 - 1;
/** Send times kept per PLC: the last 65 536 answers (several seconds at the highest request rates). */
const RING = 1 << 16;
const MAX_FRAME = 260;

/**
 * One PLC on a free loopback port. Every FC03/FC04 read (unless `frozen`) takes the next value of a
 * counter (1, 2, 3, ...), writes it as a big-endian float32 into each even register of the block it
 * reads and answers at once, in the same task, and remembers when (performance.now()). So every tag
 * changes on every poll, its value only grows, and the time a value left the "PLC" can be looked up
 * from the value itself (`sentAt`). Other function codes answer exception 0x01.
 */
export class CounterPlc {
  /** Answered read requests. */
  requests = 0;
  /** While true, reads answer the registers as they are (no new values). */
  frozen = false;
  private counter = 0;
  private readonly memory = Buffer.alloc(65_536 * 2);
  private readonly sentTimes = new Float64Array(RING);
  private readonly sentValues = new Int32Array(RING);
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => this.serve(socket));
  }

  static start(): Promise<CounterPlc> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
        const address = server.address();
        if (typeof address !== 'object' || address === null) {
          server.close();
          reject(new Error('no port assigned'));
          return;
        }
        server.off('error', reject);
        resolve(new CounterPlc(server, address.port));
      });
    });
  }

  /** The time (performance.now()) the answer carrying `value` was sent, or NaN when not remembered. */
  sentAt(value: number): number {
    const slot = value & (RING - 1);
    return this.sentValues[slot] === value ? this.sentTimes[slot]! : NaN;
  }

  /** The float32 value in holding register `address` now. */
  valueAt(address: number): number {
    return this.memory.readFloatBE(address * 2);
  }

  /** True when the counter reached its limit (values stopped changing). */
  get exhausted(): boolean {
    return this.counter >= COUNTER_LIMIT;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Bounded: every pass consumes one frame of at least 7 bytes.
      while (pending.length >= 7) {
        const length = pending.readUInt16BE(4);
        if (length < 2 || length > MAX_FRAME) {
          socket.destroy();
          return;
        }
        if (pending.length < 6 + length) break;
        socket.write(this.answer(pending.subarray(0, 6 + length)));
        pending = pending.subarray(6 + length);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private answer(frame: Buffer): Buffer {
    const fc = frame[7]!;
    if ((fc !== 3 && fc !== 4) || frame.length < 12) return this.exception(frame, fc, 0x01);
    const start = frame.readUInt16BE(8);
    const count = frame.readUInt16BE(10);
    if (count < 1 || count > 125) return this.exception(frame, fc, 0x03);
    if (start + count > 65_536) return this.exception(frame, fc, 0x02);
    if (!this.frozen && this.counter < COUNTER_LIMIT) {
      const value = ++this.counter;
      for (let a = start + (start & 1); a + 2 <= start + count; a += 2)
        this.memory.writeFloatBE(value, a * 2);
      const slot = value & (RING - 1);
      this.sentValues[slot] = value;
      this.sentTimes[slot] = performance.now();
    }
    this.requests++;
    const out = Buffer.allocUnsafe(9 + 2 * count);
    frame.copy(out, 0, 0, 4); // transaction and protocol ids
    out.writeUInt16BE(3 + 2 * count, 4);
    out[6] = frame[6]!; // unit id
    out[7] = fc;
    out[8] = 2 * count;
    this.memory.copy(out, 9, start * 2, (start + count) * 2);
    return out;
  }

  private exception(frame: Buffer, fc: number, code: number): Buffer {
    const out = Buffer.alloc(9);
    frame.copy(out, 0, 0, 4);
    out.writeUInt16BE(3, 4);
    out[6] = frame[6]!;
    out[7] = fc | 0x80;
    out[8] = code;
    return out;
  }
}

// RTU framing over a real TCP socket against a hand-written RTU device: noise, bad CRCs, leftovers, the t3.5 gap.
import { createServer, connect, type Server, type Socket } from 'node:net';
import ModbusSerial from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../kernel/sample-log.fixture.js';
import { withCrc } from './crc16.js';
import { RtuFramePort } from './rtu-frame-port.js';
import type { ModbusClient } from './transport.js';

/** How the device answers a request (the request's CRC already checked): bytes to send, each after a delay. */
type Answer = (request: Buffer, n: number) => { afterMs: number; bytes: Buffer }[];

/** An FC03 answer of one register. */
const holding = (unit: number, value: number): Buffer =>
  withCrc(Buffer.from([unit, 3, 2, value >> 8, value & 0xff]));

interface Device {
  port: number;
  /** Wall-clock ms each request arrived and each answer's last byte left. */
  arrived: number[];
  answered: number[];
}

let server: Server | undefined;
let client: ModbusClient | undefined;
afterEach(async () => {
  client?.destroy(() => undefined);
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = client = undefined;
});

async function device(answer: Answer): Promise<Device> {
  const d: Device = { port: 0, arrived: [], answered: [] };
  server = createServer((s: Socket) => {
    let n = 0;
    s.on('error', () => undefined);
    s.on('data', (req: Buffer) => {
      d.arrived.push(Date.now());
      for (const part of answer(req, n++))
        setTimeout(() => {
          if (s.destroyed) return;
          s.write(part.bytes);
          d.answered.push(Date.now());
        }, part.afterMs);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  d.port = (server!.address() as { port: number }).port;
  return d;
}

async function rtuClient(port: number, gapMs = 0, timeoutMs = 300): Promise<ModbusClient> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const c = new ModbusSerial.default(new RtuFramePort(socket, gapMs));
  await new Promise<void>((r, j) => c.open((e: Error | null) => (e ? j(e) : r())));
  c.setID(7);
  c.setTimeout(timeoutMs);
  client = c;
  return c;
}

describe('RTU framing (RtuFramePort)', () => {
  it('skips noise before the answer and reads the frame after it', async () => {
    const d = await device(() => [
      { afterMs: 0, bytes: Buffer.from([0x00, 0xff, 0x07]) },
      { afterMs: 5, bytes: holding(7, 1234) },
    ]);
    const c = await rtuClient(d.port);
    expect((await c.readHoldingRegisters(0, 1)).data).toEqual([1234]);
  });

  it('drops an answer with a wrong CRC: the request times out', async () => {
    const d = await device(() => {
      const bad = holding(7, 1);
      bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1);
      return [{ afterMs: 0, bytes: bad }];
    });
    const c = await rtuClient(d.port, 0, 150);
    await expect(c.readHoldingRegisters(0, 1)).rejects.toMatchObject({
      name: 'TransactionTimedOutError',
    });
  });

  it('does not mix half of a late answer into the next request’s answer', async () => {
    const d = await device((_req, n) =>
      n === 0
        ? [{ afterMs: 200, bytes: holding(7, 1111).subarray(0, 4) }] // late, and cut short
        : [{ afterMs: 0, bytes: holding(7, 2222) }],
    );
    const c = await rtuClient(d.port, 0, 100);
    await expect(c.readHoldingRegisters(0, 1)).rejects.toMatchObject({
      name: 'TransactionTimedOutError',
    });
    await waitFor(() => d.answered.length === 1, 'the late half answer', 2000);
    expect((await c.readHoldingRegisters(0, 1)).data).toEqual([2222]);
  });

  it('sends a request only after the inter-frame gap of silence', async () => {
    const d = await device(() => [{ afterMs: 0, bytes: holding(7, 5) }]);
    const c = await rtuClient(d.port, 40);
    for (let i = 0; i < 3; i++) await c.readHoldingRegisters(0, 1);
    for (let i = 1; i < 3; i++)
      expect(d.arrived[i]! - d.answered[i - 1]!).toBeGreaterThanOrEqual(39);
  });

  it('holds a request back while bytes still arrive: the gap counts from the last one', async () => {
    const d = await device((_req, n) =>
      n === 0
        ? [
            { afterMs: 0, bytes: holding(7, 5) },
            { afterMs: 10, bytes: Buffer.from([0x00]) }, // a stray byte just after the answer
          ]
        : [{ afterMs: 0, bytes: holding(7, 6) }],
    );
    // A long gap: the stray byte is inside it even on a busy machine, so the request must wait for it.
    const c = await rtuClient(d.port, 200, 1000);
    await c.readHoldingRegisters(0, 1);
    expect((await c.readHoldingRegisters(0, 1)).data).toEqual([6]);
    expect(d.arrived[1]! - d.answered[1]!).toBeGreaterThanOrEqual(199);
  });
});

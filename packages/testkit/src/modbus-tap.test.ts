import { createConnection, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startModbusTap, type ModbusTap } from './modbus-tap.js';

/** An MBAP frame: transaction, protocol 0, length, unit, then the PDU. */
function frame(transaction: number, unit: number, pdu: number[]): Buffer {
  const b = Buffer.alloc(7 + pdu.length);
  b.writeUInt16BE(transaction, 0);
  b.writeUInt16BE(0, 2);
  b.writeUInt16BE(pdu.length + 1, 4);
  b.writeUInt8(unit, 6);
  Buffer.from(pdu).copy(b, 7);
  return b;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An upstream that echoes every byte back, standing in for a PLC. */
async function echoServer(): Promise<{ host: string; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => s.write(d));
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  const a = server.address();
  return { host: '127.0.0.1', port: typeof a === 'object' && a !== null ? a.port : 0 };
}

describe('startModbusTap', () => {
  it('relays both ways and records each request, also when frames arrive split or together', async () => {
    const tap: ModbusTap = await startModbusTap(await echoServer());
    cleanups.push(() => tap.close());
    const client = createConnection({ host: tap.host, port: tap.port });
    cleanups.push(async () => void client.destroy());
    let echoed = Buffer.alloc(0);
    client.on('data', (d) => (echoed = Buffer.concat([echoed, d])));

    const read = frame(1, 1, [0x03, 0x00, 0x10, 0x00, 0x7c]); // FC03 start 16, 124 registers
    const write = frame(2, 3, [0x05, 0x00, 0x02, 0xff, 0x00]); // FC05 coil 2 on
    const coils = frame(3, 1, [0x01, 0x00, 0x00, 0x00, 0x08]); // FC01 start 0, 8 coils
    client.write(read.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    client.write(Buffer.concat([read.subarray(5), write, coils]));

    const all = Buffer.concat([read, write, coils]);
    const until = Date.now() + 5000;
    while (echoed.length < all.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    expect(echoed.equals(all)).toBe(true);
    expect(tap.requests).toEqual([
      { unit: 1, fc: 3, start: 16, count: 124 },
      { unit: 3, fc: 5, start: undefined, count: undefined },
      { unit: 1, fc: 1, start: 0, count: 8 },
    ]);
  });
});

// The simulators' RTU over TCP: a front that takes RTU frames and relays them to a Modbus TCP server behind it.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { crcOk, withCrc } from './crc16.js';

const MBAP = 7; // transaction id, protocol id, length, unit id

/** The length of an RTU request frame from its first bytes, or undefined while unknown (null: not one we serve). */
export function requestLength(b: Buffer): number | null | undefined {
  if (b.length < 2) return undefined;
  const fc = b[1] as number;
  if (fc >= 1 && fc <= 6) return 8;
  if (fc === 15 || fc === 16) return b.length < 7 ? undefined : 9 + (b[6] as number);
  return null;
}

/** Relays one client's RTU frames to the Modbus TCP server at `inner`, one request at a time. */
function relay(client: Socket, inner: { host: string; port: number }): void {
  const upstream = connect(inner);
  let buffer = Buffer.alloc(0);
  let tid = 0;
  let upBuffer = Buffer.alloc(0);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const n = requestLength(buffer);
      if (n === null) return close(); // a function code the simulated PLC does not serve
      if (n === undefined || buffer.length < n) return;
      const frame = buffer.subarray(0, n);
      buffer = buffer.subarray(n);
      if (!crcOk(frame)) continue; // a device drops a frame with a wrong CRC
      const header = Buffer.alloc(6);
      tid = (tid + 1) & 0xffff;
      header.writeUInt16BE(tid, 0);
      header.writeUInt16BE(n - 2, 4); // unit id and PDU
      upstream.write(Buffer.concat([header, frame.subarray(0, n - 2)]));
    }
  });
  upstream.on('data', (d: Buffer) => {
    upBuffer = Buffer.concat([upBuffer, d]);
    while (upBuffer.length >= MBAP) {
      const n = 6 + upBuffer.readUInt16BE(4);
      if (upBuffer.length < n) return;
      client.write(withCrc(upBuffer.subarray(6, n)));
      upBuffer = upBuffer.subarray(n);
    }
  });
}

/** Listens on host:port for RTU over TCP, relaying to the Modbus TCP server at `inner`. */
export function listenRtuOverTcp(
  host: string,
  port: number,
  inner: { host: string; port: number },
): Promise<{ close(cb: () => void): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    relay(s, inner);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve({
        close(cb) {
          for (const s of sockets) s.destroy();
          server.close(() => cb());
        },
      });
    });
  });
}

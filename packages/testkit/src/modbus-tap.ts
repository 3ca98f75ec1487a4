// A Modbus TCP relay on a free loopback port that records every request on the wire (function code, start, count).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface WireRequest {
  unit: number;
  fc: number;
  /** Start address and quantity for read requests (FC01-FC04); undefined otherwise. */
  start: number | undefined;
  count: number | undefined;
}

export interface ModbusTap {
  host: string;
  port: number;
  requests: WireRequest[];
  close(): Promise<void>;
}

/** Relays every connection to `target`, parsing the client's MBAP frames as they pass. */
export async function startModbusTap(target: { host: string; port: number }): Promise<ModbusTap> {
  const requests: WireRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // MBAP: transaction (2), protocol (2), length (2) of unit id + PDU, unit id (1); then the PDU.
      while (pending.length >= 7) {
        const length = pending.readUInt16BE(4);
        if (pending.length < 6 + length) break;
        const fc = pending.readUInt8(7);
        const isRead = fc >= 1 && fc <= 4;
        requests.push({
          unit: pending.readUInt8(6),
          fc,
          start: isRead ? pending.readUInt16BE(8) : undefined,
          count: isRead ? pending.readUInt16BE(10) : undefined,
        });
        pending = pending.subarray(6 + length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';

const listen = (port: number, host: string) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port }, () =>
      resolve(() => new Promise<void>((done) => server.close(() => done()))),
    );
  });

describe('freePort', () => {
  it('answers a port on 127.0.0.1 that a server can listen on at once', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    const close = await listen(port, '127.0.0.1');
    await close();
  });

  it('answers several ports in parallel, each usable', async () => {
    const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    const closers = await Promise.all([...new Set(ports)].map((p) => listen(p, '127.0.0.1')));
    await Promise.all(closers.map((c) => c()));
  });

  it('rejects a host this machine does not have', async () => {
    await expect(freePort('192.0.2.1')).rejects.toThrow();
  });
});

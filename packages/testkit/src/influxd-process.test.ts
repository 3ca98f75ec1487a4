import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noInfluxd, startInfluxd } from './influxd-suite.js';

/** InfluxQL over the 1.x HTTP API; the first series' values. */
async function query(url: string, q: string): Promise<unknown[][]> {
  const res = await fetch(`${url}/query?db=kit&q=${encodeURIComponent(q)}`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as {
    results: { series?: { values: unknown[][] }[]; error?: string }[];
  };
  const r = body.results[0];
  if (!res.ok || r?.error) throw new Error(`${q}: ${res.status} ${JSON.stringify(body)}`);
  return r?.series?.[0]?.values ?? [];
}

async function write(url: string, line: string): Promise<void> {
  const res = await fetch(`${url}/write?db=kit`, { method: 'POST', body: line });
  if (res.status !== 204) throw new Error(`write: ${res.status} ${await res.text()}`);
}

describe.skipIf(noInfluxd)('influxd test helper', () => {
  it('runs a private server on loopback, and stops, restarts and kills it on the same dirs and port', async () => {
    const server = await startInfluxd();
    try {
      const conf = await readFile(join(server.dir, 'influxd.conf'), 'utf8');
      expect(conf).toContain(`bind-address = "127.0.0.1:${server.httpPort}"`);
      expect(conf).toContain(`bind-address = "127.0.0.1:${server.rpcPort}"`);
      expect(conf).toContain('reporting-disabled = true');
      expect(server.url).toBe(`http://127.0.0.1:${server.httpPort}`);
      expect(server.databaseUrl('kit', '?rp=raw')).toBe(`${server.url}/kit?rp=raw`);
      expect(await server.ping()).toBe(true);

      await query(server.url, 'CREATE DATABASE kit');
      await write(server.url, 'samples,tag=FT-001 value=1 1700000000000000000');
      const count = async () =>
        (await query(server.url, 'SELECT count(value) FROM samples'))[0]?.[1];

      await server.stop();
      expect(server.running).toBe(false);
      expect(await server.ping()).toBe(false);
      await server.start();
      expect(await count()).toBe(1);

      await write(server.url, 'samples,tag=FT-001 value=2 1700000000001000000');
      await server.kill();
      expect(await server.ping()).toBe(false);
      await server.start();
      expect(await count()).toBe(2);
    } finally {
      await server.dispose();
    }
    expect(existsSync(server.dir)).toBe(false);
  }, 60_000);
});

import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InfluxHistorian } from '@zld/historian';
import { noInfluxd, startInfluxd } from './influxd.js';

describe.skipIf(noInfluxd)('influxd test helper', () => {
  it('runs a private server on loopback, and stops, restarts and kills it on the same dirs and port', async () => {
    const server = await startInfluxd();
    try {
      const conf = await readFile(join(server.dir, 'influxd.conf'), 'utf8');
      expect(conf).toContain(`bind-address = "127.0.0.1:${server.httpPort}"`);
      expect(conf).toContain(`bind-address = "127.0.0.1:${server.rpcPort}"`);
      expect(conf).toContain('reporting-disabled = true');
      expect(server.url).toBe(`http://127.0.0.1:${server.httpPort}`);
      expect(await server.ping()).toBe(true);

      const h = await InfluxHistorian.open({ url: server.databaseUrl('helper') });
      const p = {
        name: 'FT-001',
        value: 1,
        quality: 'Good' as const,
        ts: 1_700_000_000_000,
        gatewayTs: 1_700_000_000_000,
        tsOrigin: 'gateway' as const,
        seq: 1,
        backfill: false,
      };
      await h.write([p]);
      const count = async () => {
        const [s] = await h.query({
          tags: ['FT-001'],
          from: 0,
          to: 2_000_000_000_000,
          maxPoints: 10,
        });
        return s?.mode === 'raw' ? s.points.length : -1;
      };

      await server.stop();
      expect(server.running).toBe(false);
      expect(await server.ping()).toBe(false);
      await server.start();
      expect(await count()).toBe(1);

      await h.write([{ ...p, seq: 2, ts: p.ts + 1 }]);
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

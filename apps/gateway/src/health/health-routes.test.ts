import type { HealthDto } from '@zld/api';
import { loadPlant, ModbusDriver } from '@zld/protocols';
import { TagEngine } from '@zld/tags';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { startGateway } from '../lifecycle.js';
import { withEndpoints } from '../runtime/endpoints.js';
import { createRuntime } from '../runtime/runtime.js';
import { wallTimebase } from '../runtime/timebase.js';

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('GET /healthz with a PLC that cannot be reached', () => {
  it('says degraded, and shows the PLC disconnected with its last error', async () => {
    const plant = withEndpoints(loadPlant(), {
      'PLC-100': { host: '127.0.0.1', port: await closedPort() },
    });
    const runtime = createRuntime({
      plant,
      engine: new TagEngine(plant, { startTs: Date.now() }),
      timebase: wallTimebase(),
      drivers: ({ sink, touch, keyOf }) => [
        new ModbusDriver(plant.plcById.get('PLC-100')!, {
          tags: plant.tags,
          sink,
          touch,
          keyOf,
          reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
          logger: { info: () => {}, warn: () => {} },
        }),
      ],
    });
    const app = buildApp({ runtime });
    const gateway = await startGateway({ runtime, app });
    let h: HealthDto | undefined;
    for (let i = 0; i < 50; i++) {
      h = (await app.inject({ method: 'GET', url: '/healthz' })).json<HealthDto>();
      if (h.plcs[0]?.lastError) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h).toMatchObject({
      status: 'degraded',
      plcs: [
        { id: 'PLC-100', protocol: 'modbus', connected: false, demoted: false, demotedUntil: null },
      ],
    });
    expect(h!.plcs[0]!.lastError).toMatch(/ECONNREFUSED|connect|refused/i);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('zld_plc_connected{plc="PLC-100"} 0');
    expect(metrics).toContain('zld_plc_values_out_of_range_total{plc="PLC-100"} 0');
    expect(metrics).toContain('zld_plc_values_bad_total{plc="PLC-100"} 0');
    // Every tag of the PLC says why it has no value.
    const tag = (await app.inject({ method: 'GET', url: '/api/tags/FIC-106' })).json();
    expect(tag).toMatchObject({ value: null });
    expect(tag.quality).toMatch(/^Bad_/);
    await gateway.stop();
  });
});

// A protocol added by one folder and one line: a plant on the loopback example protocol loads, the
// simulators serve it, and the gateway shows its tags and health like any PLC's.
import type { HealthDto, TagDto } from '@zld/api';
import { loadPlant } from '@zld/protocols';
import { StandInPlant, startSimulators, type RunningSimulators } from '@zld/simulators';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '@zld/testkit';

const EXAMPLE = fileURLToPath(
  new URL('../../packages/protocols/src/loopback/example-plant.yaml', import.meta.url),
);

describe('a plant on the loopback protocol', () => {
  const plant = loadPlant(EXAMPLE);
  let sims: RunningSimulators;
  let gw: TestGateway;

  beforeAll(async () => {
    sims = await startSimulators({
      plant,
      createPlant: (p) => new StandInPlant(p),
      host: '127.0.0.1',
      ports: { 'PLC-500': 0 },
      controlPort: 0,
      log: () => {},
    });
    const ep = sims.endpoints['PLC-500']!;
    gw = await startTestGateway({
      plant,
      plcEndpoints: { 'PLC-500': { host: ep.host, port: ep.port } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await sims?.stop();
  });

  it('loads with the protocol checking its settings and addresses', () => {
    expect(plant.plcById.get('PLC-500')).toMatchObject({
      protocol: 'loopback',
      settings: { host: '127.0.0.1', port: 5030, timeoutMs: 500 },
    });
    expect(sims.endpoints['PLC-500']).toMatchObject({ protocol: 'loopback', host: '127.0.0.1' });
  });

  it('shows every tag of the device, Good, with the values the simulator holds', async () => {
    const tags = await waitFor(
      async () => {
        const all = await gw.get<TagDto[]>('/api/tags');
        const plcTags = all.filter((t) => t.plc === 'PLC-500');
        return plcTags.every((t) => t.quality === 'Good') && plcTags;
      },
      { timeoutMs: 10_000, what: 'every PLC-500 tag Good' },
    );
    expect(tags.map((t) => t.name).sort()).toEqual(
      ['FIC-504', 'FIC-504.SP', 'KI-500', 'LT-501', 'P-503.CMD', 'P-503.RUN'].sort(),
    );
    const truth = sims.simulator.state().tags;
    const level = tags.find((t) => t.name === 'LT-501')!;
    expect(level.value).toBeCloseTo(truth['LT-501'] as number, 0);
    expect(typeof tags.find((t) => t.name === 'P-503.RUN')!.value).toBe('boolean');
  });

  it('reports the device in /healthz, connected, under its protocol', async () => {
    const health = await gw.get<HealthDto>('/healthz');
    expect(health.plcs).toEqual([
      expect.objectContaining({ id: 'PLC-500', protocol: 'loopback', connected: true }),
    ]);
  });

  it('writes through the driver to the device and reads the value back', async () => {
    const driver = gw.runtime.driver('PLC-500')!;
    await driver.write('FIC-504.SP', 17.5);
    const [back] = await driver.read(['FIC-504.SP']);
    expect(back).toMatchObject({ value: 17.5, quality: 'Good' });
  });
});

// Every plant file the loader accepts starts: seeded mutations of the pilot and the small plant, each accepted variant assembled and started as `npm run gateway` does.
import type { Historian } from '@zld/historian';
import { openHistorian } from '@zld/historian';
import { assembleGateway, openSecurity, startGateway, type SecurityParts } from '@zld/gateway';
import { PILOT_PLANT_FILE, PlantDefinitionError, type Plant } from '@zld/plant';
import { parsePlantText } from '@zld/protocols';
import { freePort } from '@zld/testkit';
import { wallClock } from '@zld/tags';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { plantVariants, type PlantJson } from '../helpers/plant-mutations.js';

const SMALL_PLANT_FILE = join(PILOT_PLANT_FILE, '..', 'small-line.yaml');
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** The historian every variant records to: opened once, closed after the suite. */
function keptOpen(h: Historian): Historian {
  return {
    write: (p) => h.write(p),
    query: (q) => h.query(q),
    lastSeqs: () => h.lastSeqs(),
    health: () => h.health(),
    close: async () => {},
  };
}

describe('plant files the loader accepts start the gateway', () => {
  let dir: string;
  let security: SecurityParts;
  let historian: Historian;
  let closedPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-plant-fuzz-'));
    security = await openSecurity({
      dataDir: join(dir, 'security'),
      clock: wallClock,
      adminPassword: 'fuzz-Admin-Password-2026',
      scryptCost: { N: 1024, r: 8, p: 1 },
    });
    historian = await openHistorian({ dataDir: join(dir, 'history'), clock: wallClock });
    closedPort = await freePort(); // nothing listens: every driver stays disconnected
  }, 60_000);

  afterAll(async () => {
    security?.close();
    await historian?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Assembles and starts the gateway for a plant (no listening socket), then stops it. */
  async function startAndStop(plant: Plant, n: number): Promise<void> {
    const assembly = await assembleGateway({
      plant,
      clock: 'wall',
      plcEndpoints: Object.fromEntries(
        plant.plcs.map((p) => [
          p.id,
          p.protocol === 'opcua'
            ? { endpointUrl: `opc.tcp://127.0.0.1:${closedPort}` }
            : { host: '127.0.0.1', port: closedPort },
        ]),
      ),
      dataDir: join(dir, `variant-${n}`),
      historian: keptOpen(historian),
      security: { ...security, close: () => {} },
      driverOptions: { logger: silent, pkiDir: join(dir, 'pki') },
      logger: silent,
      metricsRegistry: new Registry(),
    });
    const gateway = await startGateway({
      services: assembly.services,
      runtime: assembly.runtime,
      app: assembly.app,
    });
    const res = await assembly.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    await gateway.stop();
  }

  // Without the loader's balance level-unit check, pilot variant #21 (a tank's level tag renamed to a clock
  // tag in "s") fails here the way the degC level crashed the gateway.
  const cases = [
    { name: 'the pilot plant', file: PILOT_PLANT_FILE, count: 120, seed: 14 },
    { name: 'the small plant', file: SMALL_PLANT_FILE, count: 120, seed: 41 },
  ];

  it.each(cases)(
    'every accepted variant of $name starts ($count seeded variants)',
    async ({ file, count, seed }) => {
      const base = parseDocument(await readFile(file, 'utf8')).toJS() as PlantJson;
      let accepted = 0;
      const failures: string[] = [];
      for (const [n, v] of plantVariants(base, count, seed).entries()) {
        let plant: Plant;
        try {
          plant = parsePlantText(JSON.stringify(v.doc), { source: `variant ${n}` });
        } catch (err) {
          // Refused: with the loader's message, never a crash of the loader itself.
          if (!(err instanceof PlantDefinitionError)) failures.push(`#${n} loader threw ${err}`);
          continue;
        }
        accepted++;
        try {
          await startAndStop(plant, n);
        } catch (err) {
          const what = v.mutations.map((m) => m.note).join('; ');
          failures.push(`#${n} (${what}): ${(err as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
      // The mutations are mostly small enough to be accepted: the test starts many gateways.
      expect(accepted).toBeGreaterThan(count / 5);
    },
    300_000,
  );
});

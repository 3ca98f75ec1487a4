// Test fixture: a real runtime (no drivers, not started), a history service on SQLite in a temp dir, and a small app with its plugin.
import type { HistoryPoint } from '@zld/historian';
import { loadPlantFile, type Plant } from '@zld/plant';
import { ManualClock, TagEngine, type Quality } from '@zld/tags';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { auditPlugin, type AuditStore } from '../audit/index.js';
import { accessPlugin } from '../http/access-plugin.js';
import { errorsPlugin } from '../http/errors-plugin.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { wallTimebase } from '../runtime/timebase.js';
import { historyPlugin } from './history-plugin.js';
import { HistoryService, type HistoryServiceOptions } from './history-service.js';

/** The gateway clock of the fixture: 2025-03-01T12:00:00Z, moved only by the test. */
export const NOW = Date.parse('2025-03-01T12:00:00Z');

export interface HistoryHarness {
  plant: Plant;
  engine: TagEngine;
  runtime: Runtime;
  service: HistoryService;
  app: FastifyInstance;
  registry: Registry;
  clock: ManualClock;
  dataDir: string;
  close(): Promise<void>;
}

let pilot: Plant | undefined;
/** The pilot plant, loaded once per test file (parsing it takes about a second). */
export const pilotPlant = (): Plant => (pilot ??= loadPlantFile());

export async function startHistoryHarness(
  options: { plant?: Plant; service?: Partial<HistoryServiceOptions>; audit?: AuditStore } = {},
): Promise<HistoryHarness> {
  const plant = options.plant ?? pilotPlant();
  const clock = new ManualClock(NOW);
  const engine = new TagEngine(plant, { startTs: NOW });
  const runtime = createRuntime({
    plant,
    engine,
    drivers: () => [],
    timebase: wallTimebase(clock),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'zld-history-'));
  const registry = new Registry();
  const service = await HistoryService.open({
    plant,
    feed: runtime,
    clock,
    dataDir,
    registry,
    ...options.service,
  });
  // As buildApp makes it: no HEAD routes, unknown fields refused rather than dropped.
  const app = Fastify({
    exposeHeadRoutes: false,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.register(errorsPlugin);
  app.register(accessPlugin);
  if (options.audit) app.register(auditPlugin, { store: options.audit });
  app.register(historyPlugin, { service, ...(options.audit ? { audit: options.audit } : {}) });
  await app.ready();
  // The runtime is not started (no staleness tick): the test moves the clock by hours.
  service.start();
  return {
    plant,
    engine,
    runtime,
    service,
    app,
    registry,
    clock,
    dataDir,
    close: async () => {
      await app.close();
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Points of one tag, `stepMs` apart from `from`, numbered from `seq0 + 1`. */
export function pointsOf(
  name: string,
  from: number,
  stepMs: number,
  values: readonly (number | boolean | null)[],
  quality: (i: number) => Quality = () => 'Good',
  seq0 = 0,
): HistoryPoint[] {
  return values.map((value, i) => ({
    name,
    value,
    quality: quality(i),
    ts: from + i * stepMs,
    gatewayTs: from + i * stepMs,
    tsOrigin: 'gateway',
    seq: seq0 + i + 1,
    backfill: false,
  }));
}

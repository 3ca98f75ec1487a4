// The simulators' RTU over TCP: a pilot PLC switched to rtu-over-tcp is served as such and read by the driver.
import { PILOT_PLANT_FILE, type TagDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Driver } from '../kernel/driver.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import type { PlcServer, TagScalar, TagSource } from '../kernel/sim-server.js';
import { parsePlantText, protocols } from '../protocols.js';
import { requestLength } from './rtu-over-tcp-server.js';

const doc = parse(readFileSync(PILOT_PLANT_FILE, 'utf8')) as {
  plcs: { id: string; modbus?: Record<string, unknown> }[];
};
const plc300 = doc.plcs.find((p) => p.id === 'PLC-300')!;
plc300.modbus = { ...plc300.modbus, transport: 'rtu-over-tcp' };
const plant = parsePlantText(stringify(doc));
const plc = plant.plcById.get('PLC-300')!;
const tags = plant.tagsOfPlc(plc.id);

/** Every tag at the middle of its range (bools true). */
const middle = (t: TagDef): TagScalar =>
  t.dataType === 'bool' ? true : t.dataType === 'float64' ? 1.9e9 : (t.range[0] + t.range[1]) / 2;
const source: TagSource = {
  read: (tag) => middle(plant.tag(tag)),
  write: () => undefined,
  quality: (): Quality => 'Good',
  simTimeMs: () => 0,
};

describe('the simulated PLC on RTU over TCP', () => {
  let server: PlcServer | undefined;
  let driver: Driver | undefined;
  afterAll(async () => {
    await driver?.stop();
    await server?.stop();
  });

  it('serves RTU frames that the driver reads, every tag Good at its value', async () => {
    server = protocols.createServer(plc, {
      plant,
      source,
      host: '127.0.0.1',
      port: 0,
      pkiDir: '',
      log: () => undefined,
    });
    await server.start();
    const { port, url } = server.endpoint;
    expect(url).toMatch(/^modbus-rtu-tcp:\/\/127\.0\.0\.1:\d+\/1$/);
    const moved = protocols.withEndpoint(plc, { host: '127.0.0.1', port });
    if (typeof moved === 'string') throw new Error(moved);
    const log = new SampleLog();
    driver = protocols.createDriver(moved, {
      tags: plant.tags,
      sink: log.sink,
      logger: { info: () => undefined, warn: () => undefined },
    });
    await driver.start();
    expect(tags.length).toBeGreaterThan(10);
    await waitFor(
      () => tags.every((t) => log.quality(t.name) === 'Good'),
      'every tag Good',
      10_000,
    );
    for (const t of tags.filter((x) => x.dataType === 'float32'))
      expect(log.get(t.name)?.value, t.name).toBeCloseTo(middle(t) as number, 3);
    expect(driver.counters().requests).toBeGreaterThan(0);
  });

  it('knows the length of each request it serves', () => {
    expect(requestLength(Buffer.from([1, 3, 0, 0, 0, 2]))).toBe(8);
    expect(requestLength(Buffer.from([1, 16, 0, 0, 0, 2]))).toBeUndefined();
    expect(requestLength(Buffer.from([1, 16, 0, 0, 0, 2, 4]))).toBe(13);
    expect(requestLength(Buffer.from([1, 43]))).toBeNull();
  });
});

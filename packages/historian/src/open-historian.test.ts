import { describe, it, expect, afterEach, beforeEach } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@zld/tags';
import { HistorianInputError } from './historian.js';
import { freePort } from '@zld/testkit';
import { EMBEDDED_FILE, openHistorian } from './open-historian.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openHistorian', () => {
  it('opens the embedded SQLite store in the data dir when no URL is given', async () => {
    const h = await openHistorian({ dataDir: dir, clock: new ManualClock(0) });
    expect(h.health()).toEqual({ backend: 'sqlite', state: 'ok', backlog: 0 });
    expect(existsSync(join(dir, EMBEDDED_FILE))).toBe(true);
    await h.close();
  });

  it('puts a disk buffer in front of InfluxDB, and opens even while InfluxDB is unreachable', async () => {
    const port = await freePort();
    const h = await openHistorian({
      url: `http://127.0.0.1:${port}/zld`,
      dataDir: dir,
      clock: new ManualClock(0),
    });
    expect(h.health()).toMatchObject({ backend: 'influxdb via store-and-forward', backlog: 0 });
    expect(existsSync(join(dir, 'historian-buffer.sqlite'))).toBe(true);
    await h.close();
  });

  it('refuses URLs it has no backend for, and bad InfluxDB URLs', async () => {
    const clock = new ManualClock(0);
    await expect(
      openHistorian({ url: 'ftp://127.0.0.1/zld', dataDir: dir, clock }),
    ).rejects.toBeInstanceOf(HistorianInputError);
    await expect(
      openHistorian({ url: 'http://127.0.0.1:8086/zld";DROP', dataDir: dir, clock }),
    ).rejects.toBeInstanceOf(HistorianInputError);
  });
});

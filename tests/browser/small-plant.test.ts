// A small plant as a new user writes it (one Modbus PLC, five tags under the PLC's own names; no balance, alarms,
// clock tag or displays) loads, the gateway starts against a simulated PLC, and the HMI lists the tags live.
import type { TagDto } from '@zld/api';
import {
  assembleGateway,
  DEFAULT_HMI_DIR,
  openSecurity,
  startGateway,
  type RunningGateway,
  type SecurityParts,
} from '@zld/gateway';
import { PILOT_PLANT_FILE } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { startSimulators, type RunningSimulators } from '@zld/simulators';
import { waitFor } from '@zld/testkit';
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import { wallClock } from '@zld/tags';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  keepScreenshot,
  logIn,
  openHmi,
  show,
  valueOf,
  waitForNumber,
  type HmiPage,
} from './hmi-actions.js';
import { buildHmiOnce } from './pilot-line.js';

const SMALL_PLANT_FILE = join(PILOT_PLANT_FILE, '..', 'small-line.yaml');
const TAGS = ['Line1_Temp', 'Line1_Level', 'Pump.Run', 'Pump.Speed', 'Batch:Count'];
const PASSWORD = 'small plant admin secret 5';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe.skipIf(noChromium)('a small plant with native names', () => {
  const plant = loadPlant(SMALL_PLANT_FILE);
  let dir: string;
  let sims: RunningSimulators;
  let security: SecurityParts;
  let gateway: RunningGateway;
  let url: string;
  let token: string;
  let chromium: TestBrowser;
  let hmi: HmiPage;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    await buildHmiOnce();
    dir = await mkdtemp(join(tmpdir(), 'zld-small-plant-'));
    // The simulators' default for a plant their process model does not run: the stand-in model.
    sims = await startSimulators({
      plant,
      host: '127.0.0.1',
      ports: { Line1_PLC: 0 },
      controlPort: 0,
      log: () => {},
    });
    const ep = sims.endpoints['Line1_PLC']!;
    security = await openSecurity({
      dataDir: dir,
      clock: wallClock,
      adminPassword: PASSWORD,
      scryptCost: { N: 1024, r: 8, p: 1 },
    });
    const assembly = await assembleGateway({
      plant,
      clock: 'wall',
      plcEndpoints: { Line1_PLC: { host: ep.host, port: ep.port } },
      dataDir: dir,
      security,
      driverOptions: { logger: silent, pkiDir: join(dir, 'pki') },
      logger: silent,
      metricsRegistry: new Registry(),
      app: { hmi: { dir: DEFAULT_HMI_DIR } },
    });
    gateway = await startGateway({
      services: assembly.services,
      runtime: assembly.runtime,
      app: assembly.app,
      listen: { host: '127.0.0.1', port: 0 },
    });
    url = gateway.address!;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
    chromium = await launchChromium();
    hmi = await openHmi(chromium.browser, url);
    await logIn(hmi.page, 'admin', PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await gateway?.stop();
    await sims?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('loads with warnings only: names not in the ISA-5.1 form, a tag without a range', () => {
    expect(plant.waterBalance).toBeUndefined();
    expect(plant.alarms).toEqual([]);
    expect(plant.plcs[0]!.clockTag).toBeUndefined();
    expect(plant.warnings.filter((w) => /ISA-5\.1/.test(w.message)).map((w) => w.where)).toEqual(
      TAGS.map((t) => `tags[${t}].name`),
    );
  });

  it('reads every tag Good from the simulated PLC; no balance, no alarms', async () => {
    await waitFor(
      async () => {
        const tags = (await api('GET', '/api/tags')).body as TagDto[];
        return tags.length === TAGS.length && tags.every((t) => t.quality === 'Good');
      },
      { timeoutMs: 20_000, what: 'the five tags Good' },
    );
    const one = await api('GET', `/api/tags/${encodeURIComponent('Batch:Count')}`);
    expect(one).toMatchObject({ status: 200, body: { name: 'Batch:Count', unit: '' } });
    expect(await api('GET', '/api/water-balance')).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: expect.stringMatching(/no water balance/) } },
    });
    expect((await api('GET', '/api/alarms')).body).toEqual([]);
  });

  it('lists the five tags with live values on the generic tag-list display', async () => {
    const { page } = hmi;
    // The top bar links the tag list and no drawn display; the overview has no balance panels.
    const nav = page.getByRole('navigation', { name: 'Displays' });
    await eventually(() => nav.getByRole('link', { name: 'Tag list' }).count()).toBe(1);
    expect(await nav.locator('a[href^="#/area/"]').count()).toBe(0);
    await eventually(() => page.getByTestId('zld-status').count()).toBe(0);

    await show(page, 'tags');
    const rows = page.locator('table.tag-list tbody tr');
    await eventually(() => rows.count()).toBe(TAGS.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-tag')))).toEqual(
      TAGS,
    );
    for (const t of TAGS) {
      const row = page.locator(`tr[data-tag="${t}"]`);
      await eventually(() => row.getByTestId('quality').innerText()).toBe('Good');
      expect(await row.locator('td').first().innerText()).toBe(plant.tag(t).description);
    }
    expect(await page.locator('tr[data-tag="Line1_Temp"] td').nth(2).innerText()).toBe('degC');
    await waitForNumber(valueOf(page, 'Line1_Temp'), (n) => n === 75, 'the temperature');

    // Live: a write through the API reaches the PLC and comes back to the display.
    const write = await api('POST', `/api/tags/${encodeURIComponent('Pump.Speed')}/write`, {
      value: 1234,
      reason: 'small plant test',
    });
    expect(write.status).toBe(200);
    await waitForNumber(valueOf(page, 'Pump.Speed'), (n) => n === 1234, 'the pump speed');
    await keepScreenshot(page, 'small-plant-tag-list');

    // A name with ":" and "." opens its faceplate from the list (the name travels in the URL).
    await page.getByRole('button', { name: 'Batch:Count' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.count()).toBe(1);
    expect(await dialog.innerText()).toContain('Batch:Count');
    expect(hmi.errors).toEqual([]);
  });
});

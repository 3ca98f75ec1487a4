// Two-factor authentication through the HMI under --production: the admin without MFA sees only the enrolment
// (QR code and key shown, a code from an authenticator computed here), recovery codes shown once; the top bar's
// dialog then says it is on; log out, log in again with a code.
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
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import { wallClock } from '@zld/tags';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, liveData, openHmi, type HmiPage } from './hmi-actions.js';
import { buildHmiOnce } from './pilot-line.js';

const PASSWORD = 'two factor plant secret 9';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe.skipIf(noChromium)('two-factor authentication in the HMI', () => {
  const plant = loadPlant(join(PILOT_PLANT_FILE, '..', 'small-line.yaml'));
  let dir: string;
  let sims: RunningSimulators;
  let security: SecurityParts;
  let gateway: RunningGateway;
  let chromium: TestBrowser;
  let hmi: HmiPage;

  beforeAll(async () => {
    await buildHmiOnce();
    dir = await mkdtemp(join(tmpdir(), 'zld-mfa-'));
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
      // Engineers and admins must use MFA.
      production: true,
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
    chromium = await launchChromium();
    hmi = await openHmi(chromium.browser, gateway.address!);
  }, 240_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await gateway?.stop();
    await sims?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('enrols through the dialog, shows recovery codes once, and the next login asks for a code', async () => {
    const { page } = hmi;
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    // No MFA yet: the session is open to the enrolment only, and the dialog opens by itself.
    await page.getByTestId('mfa-required').waitFor();
    const dialog = page.getByTestId('mfa-dialog');
    await dialog.getByTestId('mfa-start').click();
    const secret = (await dialog.getByTestId('mfa-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code is an image the browser decoded (an SVG data URL).
    await expect
      .poll(() =>
        dialog.getByTestId('mfa-qr').evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await keepScreenshot(page, 'mfa-enrol');
    await dialog.getByTestId('mfa-code').fill(authenticator.generate(secret));
    await dialog.getByTestId('mfa-confirm').click();
    const codes = dialog.getByTestId('mfa-recovery-codes').locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    await keepScreenshot(page, 'mfa-recovery-codes');
    await dialog.getByRole('button', { name: 'Done' }).click();
    // MFA on: the displays open, and the top bar's dialog says so.
    await page.getByTestId('user').waitFor();
    await liveData(page);
    await page.getByTestId('open-mfa').click();
    await expect
      .poll(() => page.getByTestId('mfa-status').textContent())
      .toMatch(/is on; 10 recovery codes left/);
    await page.getByTestId('mfa-dialog').getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const codeField = page.getByTestId('login-code');
    await codeField.waitFor();
    // The enrolment's code is spent (no replay): the next step's code, which the one-step window
    // accepts (an authenticator whose clock runs 30 s ahead), saves waiting for the step to turn.
    await codeField.fill(authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('user').waitFor();
    await liveData(page);
    expect(await page.getByTestId('user').textContent()).toContain('admin');
    expect(hmi.errors).toEqual([]);
  }, 120_000);
});

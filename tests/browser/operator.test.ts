// An operator at the HMI against the real line: login, live values, the discharge alarm (ack, shelve, audit),
// a faceplate write that moves the simulated plant, and refusals shown with the gateway's reason.
import { loadPlant } from '@zld/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@zld/testkit';
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import {
  eventually,
  keepScreenshot,
  logIn,
  numberIn,
  openHmi,
  show,
  valueOf,
  waitForNumber,
  type HmiPage,
} from './hmi-actions.js';
import { ADMIN_PASSWORD, startPilotLine, type PilotLine } from './pilot-line.js';

const OPERATOR = { username: 'olga', password: 'operator secret 2718', role: 'operator' };

describe.skipIf(noChromium)('the HMI for an operator', () => {
  let line: PilotLine;
  let chromium: TestBrowser;
  let hmi: HmiPage;

  beforeAll(async () => {
    [line, chromium] = await Promise.all([startPilotLine({ speed: 10 }), launchChromium()]);
    await line.addUser(OPERATOR.username, OPERATOR.password, OPERATOR.role);
    hmi = await openHmi(chromium.browser, line.url);
  }, 180_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await line?.stop();
  }, 60_000);

  it('logs in through the form, shows the role and live values that change', async () => {
    const { page } = hmi;
    await logIn(page, OPERATOR.username, OPERATOR.password);
    await eventually(() => page.getByTestId('user').innerText()).toMatch(/olga\s+operator/);
    expect(await page.locator('.shell').getAttribute('data-display')).toBe('overview');

    // The evaporator feed flow is measured with noise: two readings a few seconds apart differ.
    const flow = valueOf(page.locator('[aria-label="Key values per area"]'), 'FIC-405');
    const first = await waitForNumber(flow, Number.isFinite, 'a first FIC-405 value');
    const second = await waitForNumber(flow, (n) => n !== first, 'FIC-405 to change');
    expect(second).not.toBe(first);
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThan(65);
  }, 60_000);

  it('raises the discharge alarm in the banner within seconds, and says DETECTED', async () => {
    const { page } = hmi;
    await eventually(() => page.getByTestId('discharge-state').getAttribute('data-state')).toBe(
      'none',
    );
    const injected = Date.now();
    const fault = await line.control('POST', '/sim/faults', {
      kind: 'outfall-open',
      target: 'XV-901',
    });
    expect(fault.status).toBe(201);

    await page
      .getByTestId('alarm-banner')
      .getByText('LIQUID DISCHARGE DETECTED')
      .waitFor({ timeout: 15_000 });
    const seenAfterMs = Date.now() - injected;
    expect(seenAfterMs).toBeLessThan(15_000);
    await eventually(() =>
      page.locator('.alarm-banner .count[data-priority="critical"]').getAttribute('data-count'),
    ).toBe('1');
    await eventually(() => page.getByTestId('discharge-state').getAttribute('data-state'), {
      timeout: 10_000,
    }).toBe('DETECTED');
    expect(await page.getByTestId('discharge-state').innerText()).toContain('DETECTED');
    await eventually(() =>
      page.locator('[data-testid="top-alarms"] tr[data-alarm-id="ZLD-DISCHARGE"]').count(),
    ).toBe(1);
    await keepScreenshot(page, 'overview-discharge-alarm');
  }, 60_000);

  it('acknowledges with a comment and shelves with a reason in the alarm summary; the audit shows both', async () => {
    const { page } = hmi;
    const since = new Date(Date.now() - 60_000).toISOString();
    await page
      .getByRole('navigation', { name: 'Displays' })
      .getByRole('link', { name: 'Alarm summary' })
      .click();
    const row = page.locator('[data-testid="alarm-table"] tr[data-alarm-id="ZLD-DISCHARGE"]');
    await eventually(() => row.getAttribute('data-state')).toBe('Unack-Active');

    await row.getByRole('button', { name: 'Ack', exact: true }).click();
    const ack = page.getByTestId('alarm-ack-dialog');
    await ack.getByLabel('Comment (optional)').fill('outfall valve seen open, field operator sent');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => ack.getByTestId('alarm-action-results').innerText()).toBe(
      'ZLD-DISCHARGE: done',
    );
    await ack.getByRole('button', { name: 'Close', exact: true }).last().click();
    await eventually(() => row.getAttribute('data-state')).toBe('Ack-Active');
    expect(await row.innerText()).toContain(
      'ack olga: outfall valve seen open, field operator sent',
    );

    await row.getByRole('button', { name: 'Shelve', exact: true }).click();
    const shelve = page.getByTestId('alarm-shelve-dialog');
    // A shelve needs a reason: the button stays disabled without one.
    expect(await shelve.getByRole('button', { name: 'Shelve', exact: true }).isDisabled()).toBe(
      true,
    );
    await shelve.getByLabel('Reason (required)').fill('valve XV-901 under maintenance');
    await shelve.getByLabel('Shelve for').selectOption('30');
    await shelve.getByRole('button', { name: 'Shelve', exact: true }).click();
    await eventually(() => shelve.getByTestId('alarm-action-results').innerText()).toBe(
      'ZLD-DISCHARGE: done',
    );
    await shelve.getByRole('button', { name: 'Close', exact: true }).last().click();
    await eventually(() => row.getAttribute('data-state')).toBe('Shelved');
    expect(await row.innerText()).toContain('(valve XV-901 under maintenance)');
    // Shelved: no longer annunciated in the banner.
    await eventually(() =>
      page.locator('.alarm-banner .count[data-priority="critical"]').getAttribute('data-count'),
    ).toBe('0');
    await keepScreenshot(page, 'alarm-summary-shelved');

    const admin = await line.login('admin', ADMIN_PASSWORD);
    const audit = await line.api('GET', `/api/audit?from=${encodeURIComponent(since)}`, {
      token: admin,
    });
    expect(audit.status).toBe(200);
    const alarmActions = (
      audit.body as {
        category: string;
        action: string;
        user: string;
        target: string;
        reason: string;
        outcome: string;
      }[]
    )
      .filter((r) => r.category === 'alarm' && r.target === 'ZLD-DISCHARGE')
      .map((r) => ({ action: r.action, user: r.user, reason: r.reason, outcome: r.outcome }));
    expect(alarmActions).toEqual([
      {
        action: 'ack',
        user: 'olga',
        reason: 'outfall valve seen open, field operator sent',
        outcome: 'success',
      },
      {
        action: 'shelve',
        user: 'olga',
        reason: 'valve XV-901 under maintenance',
        outcome: 'success',
      },
    ]);

    // The HMI's alarm journal shows the same two actions by the same user.
    await page
      .getByRole('navigation', { name: 'Displays' })
      .getByRole('link', { name: 'Alarm journal' })
      .click();
    const journal = page.locator('main');
    await eventually(() => journal.innerText(), { timeout: 10_000 }).toMatch(
      /ZLD-DISCHARGE\s+LIQUID DISCHARGE DETECTED\s+ack\s+Unack-Active\s+Ack-Active[\s\S]*olga: outfall valve seen open/,
    );
    expect(await journal.innerText()).toMatch(
      /ZLD-DISCHARGE\s+LIQUID DISCHARGE DETECTED\s+shelve\s+Ack-Active\s+Shelved[\s\S]*olga: valve XV-901 under maintenance/,
    );
  }, 60_000);

  it('writes a setpoint through the faceplate: the simulated plant moves and the display follows', async () => {
    const { page } = hmi;
    const writes: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/write')) writes.push(r.url());
    });
    await show(page, 'overview');
    await page
      .locator('[aria-label="Key values per area"] tr[data-tag="FIC-106"]')
      .getByRole('button', { name: 'FIC-106' })
      .click();
    const faceplate = page.getByTestId('faceplate');
    await faceplate.waitFor();
    const control = faceplate.locator('[data-control="FIC-106.SP"]');
    const setpoint = valueOf(faceplate, 'FIC-106.SP');
    const flow = faceplate.getByTestId('faceplate-value').locator('.value');
    const before = await waitForNumber(setpoint, Number.isFinite, 'the FIC-106 setpoint');
    const target = Math.round(before) + 4;

    // Out of the write limits (15 ... 35 L/h): the dialog says why and nothing is sent.
    await control.getByLabel('New value for FIC-106.SP').fill('50');
    await control.getByRole('button', { name: 'Change...' }).click();
    const dialog = page.getByTestId('write-dialog');
    await eventually(() => dialog.getByTestId('write-problems').innerText()).toMatch(/Not allowed/);
    expect(await dialog.getByTestId('write-confirm').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(writes).toEqual([]);

    await control.getByLabel('New value for FIC-106.SP').fill(String(target));
    await control.getByRole('button', { name: 'Change...' }).click();
    // The confirmation shows tag, unit, current and new value and the limits before anything is sent.
    expect(await dialog.getByTestId('write-tag').innerText()).toContain('FIC-106.SP');
    expect(await dialog.getByTestId('write-new').innerText()).toBe(`${target.toFixed(2)} L/h`);
    expect(await dialog.getByTestId('write-limits').innerText()).toContain('15 ... 35 L/h');
    expect(writes).toEqual([]);
    await dialog.getByTestId('write-confirm').click();
    const outcome = dialog.getByTestId('write-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome'), await outcome.innerText()).toBe('verified');
    expect(await outcome.innerText()).toContain(`${target.toFixed(2)} L/h`);
    expect(writes).toHaveLength(1);
    await keepScreenshot(page, 'faceplate-write-verified');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

    // The simulated PLC holds the new setpoint and its flow follows it (ground truth from the control API).
    await waitFor(
      async () => {
        const s = (await line.control('GET', '/sim/state')).body as {
          tags: Record<string, number>;
        };
        return s.tags['FIC-106.SP'] === target && Math.abs(s.tags['FIC-106']! - target) < 0.5;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `the simulated FIC-106 to reach ${target} L/h` },
    );
    // ... and so does the faceplate: the setpoint at once, the measured flow as it settles.
    await waitForNumber(setpoint, (n) => n === target, 'the shown setpoint');
    await waitForNumber(flow, (n) => Math.abs(n - target) < 0.5, 'the shown FIC-106 flow');
    expect(Math.abs((await numberIn(flow)) - before)).toBeGreaterThan(2);
    await faceplate.getByRole('button', { name: 'Close', exact: true }).first().click();
  }, 120_000);

  it('shows the gateway interlock reason when opening the outfall valve is refused', async () => {
    const { page } = hmi;
    const plant = loadPlant();
    const interlock = plant.interlocks.find((i) => i.id === 'IL-ZLD-OUTFALL')!;
    await show(page, 'overview?fp=XV-901');
    const control = page.getByTestId('faceplate').locator('[data-control="XV-901.CMD"]');
    await control.getByRole('button', { name: 'OPEN' }).click();
    const dialog = page.getByTestId('write-dialog');
    await dialog.getByTestId('write-confirm').click();
    const outcome = dialog.getByTestId('write-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('refused');
    const text = await outcome.innerText();
    expect(text).toContain('IL-ZLD-OUTFALL');
    expect(text).toContain(interlock.reason);
    await keepScreenshot(page, 'faceplate-write-refused');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    // Still closed in the plant.
    const s = (await line.control('GET', '/sim/state')).body as { tags: Record<string, unknown> };
    expect(s.tags['XV-901.CMD']).toBe(false);
    expect(hmi.errors).toEqual([]);
  }, 60_000);
});

// A viewer at the HMI: no write controls, no alarm actions; then the gateway goes away and the HMI says so,
// greying every value it can no longer vouch for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@zld/testkit';
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import {
  eventually,
  keepScreenshot,
  logIn,
  openHmi,
  show,
  valueOf,
  type HmiPage,
} from './hmi-actions.js';
import { ADMIN_PASSWORD, startPilotLine, type PilotLine } from './pilot-line.js';

const VIEWER = { username: 'vera', password: 'viewer secret 31415', role: 'viewer' };

describe.skipIf(noChromium)('the HMI for a viewer', () => {
  let line: PilotLine;
  let chromium: TestBrowser;
  let hmi: HmiPage;

  beforeAll(async () => {
    [line, chromium] = await Promise.all([startPilotLine({ speed: 10 }), launchChromium()]);
    await line.addUser(VIEWER.username, VIEWER.password, VIEWER.role);
    // An alarm to (not) act on.
    expect(
      (await line.control('POST', '/sim/faults', { kind: 'outfall-open', target: 'XV-901' }))
        .status,
    ).toBe(201);
    const admin = await line.login('admin', ADMIN_PASSWORD);
    await waitFor(
      async () =>
        ((await line.api('GET', '/api/alarms', { token: admin })).body as { id: string }[]).some(
          (a) => a.id === 'ZLD-DISCHARGE',
        ),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the discharge alarm' },
    );
    hmi = await openHmi(chromium.browser, line.url);
    await logIn(hmi.page, VIEWER.username, VIEWER.password);
  }, 180_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await line?.stop();
  }, 60_000);

  it('shows no write controls on faceplates and no acknowledge or shelve actions', async () => {
    const { page } = hmi;
    await eventually(() => page.getByTestId('user').innerText()).toMatch(/vera\s+viewer/);

    await show(page, 'alarms');
    const table = page.getByTestId('alarm-table');
    const row = table.locator('tr[data-alarm-id="ZLD-DISCHARGE"]');
    await row.waitFor();
    expect(await table.getByRole('button', { name: /^(Ack|Shelve|Unshelve)$/ }).count()).toBe(0);
    expect(await table.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByTestId('ack-selected').count()).toBe(0);
    expect(await page.getByTestId('shelve-selected').count()).toBe(0);

    for (const target of ['FIC-106', 'XV-901', 'P-405']) {
      await show(page, `overview?fp=${target}`);
      const faceplate = page.getByTestId('faceplate');
      await faceplate.getByTestId('controls-hidden').waitFor();
      expect(await faceplate.getByTestId('controls').count(), target).toBe(0);
      expect(await faceplate.locator('[data-control]').count(), target).toBe(0);
      expect(
        await faceplate
          .getByRole('button', { name: /Change|OPEN|CLOSE|START|STOP|AUTO|MAN/ })
          .count(),
        target,
      ).toBe(0);
      expect(await faceplate.locator('input').count(), target).toBe(0);
    }
    await keepScreenshot(page, 'faceplate-viewer');
    await page
      .getByTestId('faceplate')
      .getByRole('button', { name: 'Close', exact: true })
      .first()
      .click();
  }, 60_000);

  it('lets an engineer change an alarm limit on the faceplate (not a viewer), and shows a refusal with its reason', async () => {
    await line.addUser('enzo', 'engineer secret 27182', 'engineer');
    const eng = await openHmi(chromium.browser, line.url);
    try {
      await logIn(eng.page, 'enzo', 'engineer secret 27182');
      await show(eng.page, 'overview?fp=LIC-402');
      const faceplate = eng.page.getByTestId('faceplate');
      const form = faceplate.getByTestId('limit-settings');
      const change = async (limit: string, value: string, reason: string) => {
        await form.getByTestId('limit-which').selectOption(limit);
        await form.getByTestId('limit-value').fill(value);
        await form.getByTestId('limit-reason').fill(reason);
        await form.getByTestId('limit-apply').click();
      };
      await change('H', '78', 'alarm earlier');
      await eventually(() => form.getByTestId('limit-outcome').innerText()).toMatch(
        /LIC-402\.H is now 78/,
      );
      await eventually(() => faceplate.getByTestId('faceplate-limits').innerText()).toContain(
        'H 78',
      );
      // HH is under two-person approval in the plant file: it waits for a second engineer.
      await change('HH', '88', 'overflow line moved');
      await eventually(() => form.getByTestId('limit-outcome').innerText()).toMatch(
        /LIC-402\.HH: awaiting approval/,
      );
      // The second engineer approves on the Approvals display with their own password.
      const admin = await openHmi(chromium.browser, line.url);
      try {
        await logIn(admin.page, 'admin', ADMIN_PASSWORD);
        await show(admin.page, 'approvals');
        const row = admin.page
          .getByTestId('approvals-pending')
          .locator('tr[data-approval-id]', { hasText: 'LIC-402.HH' });
        await row.getByTestId('approval-password').fill(ADMIN_PASSWORD);
        await row.getByRole('button', { name: 'Approve' }).click();
        await eventually(() => admin.page.getByTestId('approval-outcome').innerText()).toMatch(
          /LIC-402\.HH.*approved and applied/,
        );
        expect(admin.errors).toEqual([]);
      } finally {
        await admin.close();
      }
      const token = await line.login('admin', ADMIN_PASSWORD);
      await eventually(() => faceplate.getByTestId('faceplate-limits').innerText()).toContain(
        'HH 88',
      );
      const tag = await line.api('GET', '/api/tags/LIC-402', { token });
      expect((tag.body as { limits: Record<string, number> }).limits['HH']).toBe(88);
      // Above HH: the gateway refuses, and the faceplate says why.
      await change('H', '95', 'test');
      await eventually(() => form.getByTestId('limit-outcome').innerText()).toMatch(
        /Refused: .*out of order/,
      );
      const audit = (await line.api('GET', '/api/audit', { token })).body as {
        action: string;
        user: string;
        outcome: string;
        details: { approvedBy?: string } | null;
      }[];
      const changes = audit.filter((r) => r.action === 'settings-change' && r.user === 'enzo');
      expect(changes.map((r) => r.outcome).sort()).toEqual(['refused', 'success', 'success']);
      expect(changes.find((r) => r.details?.approvedBy === 'admin')).toBeDefined();
      expect(eng.errors).toEqual([]);
    } finally {
      await eng.close();
    }
    // The viewer's faceplate has no such form.
    await show(hmi.page, 'overview?fp=LIC-402');
    await hmi.page.getByTestId('faceplate').getByTestId('controls-hidden').waitFor();
    expect(await hmi.page.getByTestId('limit-settings').count()).toBe(0);
  });

  it('shows the lost-connection banner and greys the values when the gateway goes away', async () => {
    const { page } = hmi;
    await show(page, 'overview');
    const keyValues = page.locator('[aria-label="Key values per area"]');
    const flow = keyValues.locator('tr[data-tag="FIC-106"] [data-overlay]');
    expect(await flow.getAttribute('data-overlay')).toBe('none');
    const liveColour = await valueOf(keyValues, 'FIC-106').evaluate(
      (e) => getComputedStyle(e).color,
    );
    expect(await page.getByTestId('connection-banner').count()).toBe(0);

    // The gateway dies (the PLCs are fine): the page's socket loses its server mid-stream.
    line.killGateway();
    const banner = page.getByTestId('connection-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('data-state')).toBe('lost');
    expect(await banner.innerText()).toMatch(/CONNECTION TO THE GATEWAY LOST/);

    // Every value that was good is now shown stale: greyed, italic, marked STALE, never as a plain number.
    await eventually(() => flow.getAttribute('data-overlay')).toBe('stale');
    const goodBefore = await keyValues
      .locator('[data-overlay]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-overlay')));
    expect(goodBefore.filter((o) => o === 'none' || o === 'uncertain')).toEqual([]);
    const style = await valueOf(keyValues, 'FIC-106').evaluate((e) => {
      const cs = getComputedStyle(e);
      return { color: cs.color, fontStyle: cs.fontStyle };
    });
    expect(style.color).not.toBe(liveColour);
    expect(style.color).toMatch(/^rgb\((\d+), \1, \1\)$/); // a grey
    expect(style.fontStyle).toBe('italic');
    expect(await keyValues.locator('tr[data-tag="FIC-106"] .mark').innerText()).toBe('STALE');
    await keepScreenshot(page, 'overview-connection-lost');

    // The process graphics too.
    await show(page, 'area/zld');
    await eventually(() => page.locator('g[data-tag="LIC-402"]').getAttribute('data-overlay')).toBe(
      'stale',
    );
    expect(await banner.isVisible()).toBe(true);
    expect(hmi.errors).toEqual([]);
  }, 60_000);
});

// Every display of the HMI, with alarms standing: axe-core (WCAG 2.x A/AA, text contrast 4.5:1) and SVG text
// contrast pass in both phases of the alarm flashing, backgrounds are neutral grey, and a screenshot is kept.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@zld/testkit';
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import { accessibilityFindings } from './contrast.js';
import { keepScreenshot, logIn, openHmi, show, type HmiPage } from './hmi-actions.js';
import { ADMIN_PASSWORD, startPilotLine, type PilotLine } from './pilot-line.js';

interface Display {
  name: string;
  route: string;
  /** What shows that the display has drawn its data. */
  ready: (page: Page) => Promise<unknown>;
}

const DISPLAYS: Display[] = [
  {
    name: 'overview',
    route: 'overview',
    ready: (p) => p.locator('[data-testid="top-alarms"] tr[data-alarm-id]').first().waitFor(),
  },
  ...['leach-sx', 'zld', 'water'].map((area) => ({
    name: `area-${area}`,
    route: `area/${area}`,
    ready: (p: Page) =>
      waitFor(
        () =>
          p.evaluate(() => document.querySelectorAll('svg.graphic g[data-tag] .val').length > 5),
        { timeoutMs: 10_000, what: `the ${area} graphic` },
      ),
  })),
  {
    name: 'faceplate',
    route: 'area/leach-sx?fp=FIC-106',
    ready: (p) => p.getByTestId('faceplate').getByTestId('controls').waitFor(),
  },
  {
    name: 'faceplate-outfall-in-alarm',
    route: 'area/water?fp=XV-901',
    ready: (p) => p.getByTestId('faceplate').locator('[aria-label="Alarms"]').waitFor(),
  },
  {
    name: 'alarm-summary',
    route: 'alarms',
    ready: (p) =>
      p.locator('[data-testid="alarm-table"] tr[data-alarm-id="ZLD-DISCHARGE"]').waitFor(),
  },
  {
    name: 'approvals',
    route: 'approvals',
    ready: (p) => p.getByTestId('approvals-pending').locator('tbody tr').first().waitFor(),
  },
  {
    name: 'alarm-journal',
    route: 'journal',
    ready: (p) => p.locator('[data-testid="journal-table"] tbody tr').first().waitFor(),
  },
  {
    name: 'trends',
    route: 'trends?pens=FIC-106,LIC-103,FIC-201,FIC-405&span=10m&live=1',
    ready: (p) =>
      waitFor(async () => (await p.locator('.recharts-line path.recharts-curve').count()) === 4, {
        timeoutMs: 10_000,
        what: 'four trend lines',
      }),
  },
];

/** The HSL saturation (0-1) of a computed `rgb(...)` colour. */
function saturation(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => Number(x) / 255);
  const max = Math.max(r!, g!, b!);
  const min = Math.min(r!, g!, b!);
  const l = (max + min) / 2;
  return max === min ? 0 : (max - min) / (1 - Math.abs(2 * l - 1));
}

describe.skipIf(noChromium)('every display: accessibility, contrast, screenshots', () => {
  let line: PilotLine;
  let chromium: TestBrowser;
  let hmi: HmiPage;

  beforeAll(async () => {
    [line, chromium] = await Promise.all([startPilotLine({ speed: 10 }), launchChromium()]);
    // Alarms standing, so that alarm colours (and their flashing) are on the displays checked.
    expect(
      (await line.control('POST', '/sim/faults', { kind: 'outfall-open', target: 'XV-901' }))
        .status,
    ).toBe(201);
    hmi = await openHmi(chromium.browser, line.url);
  }, 180_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await line?.stop();
  }, 60_000);

  const check = async (page: Page, name: string) => {
    const findings = await accessibilityFindings(page);
    await keepScreenshot(page, name);
    expect(findings, JSON.stringify(findings, null, 1)).toEqual([]);
    // ISA-101: neutral grey backgrounds.
    const backgrounds = await page.evaluate(() =>
      ['body', '.shell', 'main', '.panel']
        .map((s) => document.querySelector(s))
        .filter((e) => e !== null)
        .map((e) => getComputedStyle(e).backgroundColor)
        .filter((c) => !c.endsWith(', 0)')),
    );
    for (const c of backgrounds) expect(saturation(c), c).toBeLessThanOrEqual(0.1);
  };

  it('login', async () => {
    await hmi.page.getByRole('button', { name: 'Log in' }).waitFor();
    await check(hmi.page, 'login');
    await logIn(hmi.page, 'admin', ADMIN_PASSWORD);
  }, 60_000);

  it.each(DISPLAYS)(
    '$name',
    async ({ name, route, ready }) => {
      await show(hmi.page, route);
      await ready(hmi.page);
      await check(hmi.page, name);
    },
    60_000,
  );

  it('replay', async () => {
    const { page } = hmi;
    await show(page, 'replay');
    await page.getByRole('button', { name: 'Last hour' }).click();
    await page.getByTestId('replay-load').click();
    await page.getByTestId('replay-bar').waitFor();
    await page.getByTestId('replay-timeline').locator('tbody tr').first().waitFor();
    await check(page, 'replay');
    // The overview as replayed: the replay marking must keep every text readable too.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('.shell[data-mode="replay"][data-display="overview"]').waitFor();
    await check(page, 'replay-overview-marked');
    expect(hmi.errors).toEqual([]);
  }, 60_000);
});

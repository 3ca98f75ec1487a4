// Reusable steps of the browser suites: open the HMI in a fresh context, log in through the form, go to a display,
// read values as the operator sees them, keep screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitFor } from '@zld/testkit';
import { ROOT } from './pilot-line.js';

export const SCREENSHOTS = join(ROOT, 'tests', 'artifacts', 'screenshots');
/** The size the displays are designed for (a 1600 x 1000 operator screen). */
export const VIEWPORT = { width: 1600, height: 1000 };

export interface HmiPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page: a test ends by expecting none. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own cookies) on the gateway's HMI, at the login screen. */
export async function openHmi(browser: Browser, url: string): Promise<HmiPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  return { page, context, errors, close: () => context.close() };
}

/** Logs in through the login screen's form and waits for the displays (the top bar shows the user). */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('user').waitFor();
  await liveData(page);
}

/** Waits until the HMI shows live data: no connection banner, and the overview's key values filled in. */
export async function liveData(page: Page): Promise<void> {
  await waitFor(
    () =>
      page.evaluate(
        () =>
          document.querySelector('[data-testid="connection-banner"]') === null &&
          document.querySelector('.shell') !== null,
      ),
    { timeoutMs: 30_000, intervalMs: 100, what: 'the HMI to be live' },
  );
}

/** Shows a display by its route (`overview`, `area/zld`, `alarms`, `trends?pens=...`), as a link does. */
export async function show(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => {
    location.hash = `#/${r}`;
  }, route);
  await page.locator(`.shell[data-display="${route.split('?')[0]}"]`).waitFor();
}

/** The value text of a tag in `scope` (a table row or graphic carrying `data-tag`). */
export function valueOf(scope: Page | Locator, tag: string): Locator {
  return scope.locator(`[data-tag="${tag}"] .value`).first();
}

/** A number shown on screen (`25.03`, `-1.5`), or NaN when the text is no number (`????`). */
export async function numberIn(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** Waits until the number shown by `locator` satisfies `ok`; answers it. */
export async function waitForNumber(
  locator: Locator,
  ok: (n: number) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<number> {
  let last = Number.NaN;
  await waitFor(
    async () => {
      last = await numberIn(locator);
      return ok(last);
    },
    { timeoutMs, intervalMs: 200, what: `${what} (last shown: ${last})` },
  );
  return last;
}

/** `expect.poll` with the patience a busy CI machine needs (vitest's default gives up after 1 s). */
export const eventually: typeof expect.poll = (probe, options) =>
  expect.poll(probe, { timeout: 15_000, interval: 100, ...options });

/** Saves a full-page screenshot as `tests/artifacts/screenshots/<name>.png`. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Debian's Chromium for the browser suites: found (or installed with apt-get on Debian as root), launched headless
// with a private HOME. Under CI=true a missing Chromium fails the suite; elsewhere `noChromium` says why it did not run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The flags the suites run Chromium with: headless, no sandbox (root in CI), nothing fetched from outside. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One installer at a time across parallel test processes: a lock directory in the temp dir. */
async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'zld-chromium-install.lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 15 * 60_000) await rmdir(lock).catch(() => undefined);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

async function findChromium(): Promise<string | null> {
  if (existsSync(CHROMIUM)) return null;
  if (process.env['CI'] === 'true' || process.env['CI'] === '1')
    throw new Error(
      `${CHROMIUM} (Debian package chromium) is required under CI and is missing: the browser suites cannot run`,
    );
  const debianRoot = existsSync('/etc/debian_version') && process.getuid?.() === 0;
  if (!debianRoot)
    return `${CHROMIUM} not found and this is not Debian as root: install the chromium package to run the browser suites`;
  const opts = { timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };
  await withInstallLock(async () => {
    if (existsSync(CHROMIUM)) return;
    await run('apt-get', ['update'], opts);
    await run(
      'env',
      ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'chromium'],
      opts,
    );
  });
  return existsSync(CHROMIUM)
    ? null
    : 'apt-get install chromium finished but Chromium is still missing';
}

const missing = await findChromium();
if (missing !== null) console.warn(`\n!!! Browser suites NOT RUN: ${missing}\n`);

/** For `describe.skipIf(noChromium)`: never true under CI (a missing Chromium throws there instead). */
export const noChromium = missing !== null;

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium headless with HOME and the XDG folders in a fresh temp folder, removed on close. */
export async function launchChromium(): Promise<TestBrowser> {
  const home = await mkdtemp(join(tmpdir(), 'zld-chromium-home-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
    timeout: 60_000,
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

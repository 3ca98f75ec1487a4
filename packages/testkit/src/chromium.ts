// Debian's Chromium for browser tests: found (or installed with apt-get on Debian as root) and launched headless with
// a private HOME and the flags this project needs. Imports playwright-core, hence its own entry point.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackage, type Availability, type PackageSystem } from './debian-package.js';

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

/**
 * Makes Chromium available at `CHROMIUM`: present, or installed with apt-get on Debian as root (once,
 * under a lock). Elsewhere answers why not; under CI throws instead.
 */
export function ensureChromium(
  opts: { ci: boolean },
  system?: PackageSystem,
): Promise<Availability> {
  return ensureDebianPackage(
    {
      aptPackage: 'chromium',
      present: () => existsSync(CHROMIUM),
      ci: opts.ci,
      lockName: 'zld-chromium-install.lock',
      missingUnderCi: `${CHROMIUM} (Debian package chromium) is required under CI and is missing: the browser suites cannot run`,
      notDebianRoot: `${CHROMIUM} not found and this is not Debian as root: install the chromium package to run the browser suites`,
      stillMissing: 'apt-get install chromium finished but Chromium is still missing',
    },
    system,
  );
}

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

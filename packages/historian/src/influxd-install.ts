// Finds influxd for tests and benchmarks, installing Debian's package when allowed; never leaves its service running.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { influxdInstalled } from './influxd-process.js';

const run = promisify(execFile);

export interface EnsureInfluxdOptions {
  /** Under CI a missing influxd is an error, never a skip. */
  ci: boolean;
  binary?: string;
}

export type InfluxdAvailability = { available: true } | { available: false; reason: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One installer at a time across parallel test processes: a lock directory in the temp dir. */
async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'zld-influxd-install.lock');
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

async function aptInstall(): Promise<void> {
  const opts = { timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };
  await run('apt-get', ['update'], opts);
  await run(
    'env',
    ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'influxdb'],
    opts,
  );
  // The package may start its own service: tests run their own server, so stop and disable it.
  await run('systemctl', ['stop', 'influxdb'], opts).catch(() => undefined);
  await run('systemctl', ['disable', 'influxdb'], opts).catch(() => undefined);
}

/**
 * Makes influxd available: present, or installed with apt-get on Debian as root (once, under a lock).
 * Elsewhere answers why not; under CI throws instead.
 */
export async function ensureInfluxd(opts: EnsureInfluxdOptions): Promise<InfluxdAvailability> {
  const binary = opts.binary ?? 'influxd';
  if (influxdInstalled(binary)) return { available: true };
  if (opts.ci) {
    throw new Error(
      'influxd (Debian package influxdb, 1.6.x) is required under CI=true and is missing',
    );
  }
  const debianRoot = existsSync('/etc/debian_version') && process.getuid?.() === 0;
  if (!debianRoot) {
    return {
      available: false,
      reason:
        'influxd not found and this is not Debian as root: install InfluxDB 1.x (package influxdb) to run these suites',
    };
  }
  await withInstallLock(async () => {
    if (!influxdInstalled(binary)) await aptInstall();
  });
  if (influxdInstalled(binary)) return { available: true };
  return {
    available: false,
    reason: 'apt-get install influxdb finished but influxd still does not run',
  };
}

// Install-when-missing for test dependencies: present, or installed with apt-get on Debian as root (once, under a
// lock); under CI a missing program is an error, never a skip; elsewhere the answer says why the suites cannot run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { withLockDir } from './lock-dir.js';

export type Availability = { available: true } | { available: false; reason: string };

/** What the machine offers: replaced in tests of the decision itself. */
export interface PackageSystem {
  /** True on Debian (or a derivative) when this process runs as root. */
  debianRoot(): boolean;
  /** `apt-get update`, then a non-interactive `apt-get install -y <pkg>`. */
  aptInstall(pkg: string): Promise<void>;
  /** Runs a command, for steps after the install (e.g. stopping a service the package started). */
  run(command: string, args: readonly string[]): Promise<void>;
}

export interface DebianPackageSpec {
  /** The Debian package that provides the program. */
  aptPackage: string;
  /** True when the program is there and usable. */
  present(): boolean;
  /** Under CI a missing program throws `missingUnderCi`. */
  ci: boolean;
  /** The lock directory's name in the temp dir: one installer at a time across test processes. */
  lockName: string;
  missingUnderCi: string;
  /** The reason given when the program is missing and this is not Debian as root. */
  notDebianRoot: string;
  /** The reason given when the install finished and the program is still missing. */
  stillMissing: string;
  /** Runs after a successful `apt-get install`. */
  afterInstall?(system: PackageSystem): Promise<void>;
}

const run = promisify(execFile);
const LONG = { timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };

export const debianSystem: PackageSystem = {
  debianRoot: () => existsSync('/etc/debian_version') && process.getuid?.() === 0,
  async aptInstall(pkg) {
    await run('apt-get', ['update'], LONG);
    await run('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', pkg], LONG);
  },
  async run(command, args) {
    await run(command, [...args], LONG);
  },
};

/** Makes the program available when it can, or says why not; under CI a missing program throws. */
export async function ensureDebianPackage(
  spec: DebianPackageSpec,
  system: PackageSystem = debianSystem,
): Promise<Availability> {
  if (spec.present()) return { available: true };
  if (spec.ci) throw new Error(spec.missingUnderCi);
  if (!system.debianRoot()) return { available: false, reason: spec.notDebianRoot };
  await withLockDir(
    spec.lockName,
    async () => {
      if (spec.present()) return;
      await system.aptInstall(spec.aptPackage);
      await spec.afterInstall?.(system);
    },
    { staleMs: 15 * 60_000, pollMs: 500 },
  );
  if (spec.present()) return { available: true };
  return { available: false, reason: spec.stillMissing };
}

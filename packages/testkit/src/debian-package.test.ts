import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ensureDebianPackage,
  type DebianPackageSpec,
  type PackageSystem,
} from './debian-package.js';
import { ensureInfluxd } from './influxd-install.js';

/** A machine where the program appears once `aptInstall` ran (or never, with `installWorks: false`). */
function fakeMachine(o: { present: boolean; debianRoot: boolean; installWorks?: boolean }) {
  const calls: string[] = [];
  let present = o.present;
  const system: PackageSystem = {
    debianRoot: () => o.debianRoot,
    async aptInstall(pkg) {
      calls.push(`apt-get install ${pkg}`);
      await new Promise((r) => setTimeout(r, 20));
      if (o.installWorks !== false) present = true;
    },
    async run(command, args) {
      calls.push([command, ...args].join(' '));
    },
  };
  const spec = (ci: boolean): DebianPackageSpec => ({
    aptPackage: 'tool',
    present: () => present,
    ci,
    lockName: `zld-testkit-${randomUUID()}.lock`,
    missingUnderCi: 'tool is required under CI',
    notDebianRoot: 'not Debian as root',
    stillMissing: 'still missing',
    async afterInstall(sys) {
      await sys.run('systemctl', ['stop', 'tool']);
    },
  });
  return { calls, system, spec };
}

describe('ensureDebianPackage', () => {
  it('answers available when the program is there, and installs nothing', async () => {
    const m = fakeMachine({ present: true, debianRoot: true });
    expect(await ensureDebianPackage(m.spec(true), m.system)).toEqual({ available: true });
    expect(m.calls).toEqual([]);
  });

  it('under CI a missing program is an error, never a skip, and never an install', async () => {
    const m = fakeMachine({ present: false, debianRoot: true });
    await expect(ensureDebianPackage(m.spec(true), m.system)).rejects.toThrow(
      'tool is required under CI',
    );
    expect(m.calls).toEqual([]);
  });

  it('elsewhere than Debian as root it says why the suites cannot run', async () => {
    const m = fakeMachine({ present: false, debianRoot: false });
    expect(await ensureDebianPackage(m.spec(false), m.system)).toEqual({
      available: false,
      reason: 'not Debian as root',
    });
    expect(m.calls).toEqual([]);
  });

  it('on Debian as root installs once for parallel callers, then runs the after-install step', async () => {
    const m = fakeMachine({ present: false, debianRoot: true });
    const spec = m.spec(false);
    const answers = await Promise.all([1, 2, 3].map(() => ensureDebianPackage(spec, m.system)));
    expect(answers).toEqual([{ available: true }, { available: true }, { available: true }]);
    expect(m.calls).toEqual(['apt-get install tool', 'systemctl stop tool']);
  });

  it('says so when the install finished and the program is still missing', async () => {
    const m = fakeMachine({ present: false, debianRoot: true, installWorks: false });
    expect(await ensureDebianPackage(m.spec(false), m.system)).toEqual({
      available: false,
      reason: 'still missing',
    });
  });
});

describe('ensureInfluxd', () => {
  const missing = '/nonexistent/influxd';

  it('under CI a missing influxd fails with the package to install', async () => {
    const m = fakeMachine({ present: false, debianRoot: true });
    await expect(ensureInfluxd({ ci: true, binary: missing }, m.system)).rejects.toThrow(
      'influxd (Debian package influxdb, 1.6.x) is required under CI=true and is missing',
    );
    expect(m.calls).toEqual([]);
  });

  it('installs Debian package influxdb and stops and disables its service', async () => {
    const m = fakeMachine({ present: false, debianRoot: true });
    const answer = await ensureInfluxd({ ci: false, binary: missing }, m.system);
    expect(answer).toEqual({
      available: false,
      reason: 'apt-get install influxdb finished but influxd still does not run',
    });
    expect(m.calls).toEqual([
      'apt-get install influxdb',
      'systemctl stop influxdb',
      'systemctl disable influxdb',
    ]);
  });
});

// Finds influxd for tests and benchmarks, installing Debian's package when allowed; never leaves its service running.
import { ensureDebianPackage, type Availability, type PackageSystem } from './debian-package.js';
import { influxdInstalled } from './influxd-process.js';

export interface EnsureInfluxdOptions {
  /** Under CI a missing influxd is an error, never a skip. */
  ci: boolean;
  binary?: string;
}

export type InfluxdAvailability = Availability;

/**
 * Makes influxd available: present, or installed with apt-get on Debian as root (once, under a lock).
 * Elsewhere answers why not; under CI throws instead.
 */
export function ensureInfluxd(
  opts: EnsureInfluxdOptions,
  system?: PackageSystem,
): Promise<InfluxdAvailability> {
  const binary = opts.binary ?? 'influxd';
  return ensureDebianPackage(
    {
      aptPackage: 'influxdb',
      present: () => influxdInstalled(binary),
      ci: opts.ci,
      lockName: 'zld-influxd-install.lock',
      missingUnderCi:
        'influxd (Debian package influxdb, 1.6.x) is required under CI=true and is missing',
      notDebianRoot:
        'influxd not found and this is not Debian as root: install InfluxDB 1.x (package influxdb) to run these suites',
      stillMissing: 'apt-get install influxdb finished but influxd still does not run',
      // The package may start its own service: tests run their own server, so stop and disable it.
      async afterInstall(sys) {
        await sys.run('systemctl', ['stop', 'influxdb']).catch(() => undefined);
        await sys.run('systemctl', ['disable', 'influxdb']).catch(() => undefined);
      },
    },
    system,
  );
}

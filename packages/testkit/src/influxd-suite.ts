// Imported by InfluxDB suites: on first import makes sure influxd can run here (under CI=true a missing one fails; on
// Debian as root it is installed with apt-get once; elsewhere `noInfluxd` is true and the suites say loudly why not).
import { ensureInfluxd, type InfluxdAvailability } from './influxd-install.js';
import { InfluxdProcess, type InfluxdOptions } from './influxd-process.js';

export { InfluxdProcess };
export type { InfluxdAvailability, InfluxdOptions };

export const influxd: InfluxdAvailability = await ensureInfluxd({
  ci: process.env['CI'] === 'true',
});

if (!influxd.available) console.warn(`\n!!! InfluxDB suites NOT RUN: ${influxd.reason}\n`);

/** For `describe.skipIf(noInfluxd)`: never true under CI (a missing influxd throws there instead). */
export const noInfluxd = !influxd.available;

/**
 * Starts influxd with `[meta] dir`, `[data] dir`/`wal-dir` in a temp dir, HTTP and RPC bound to free
 * 127.0.0.1 ports, reporting off; resolves once /ping answers. `stop()` sends SIGTERM, `kill()` SIGKILL,
 * `start()` restarts on the same dirs and port, `dispose()` stops and removes the dirs.
 */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdProcess> {
  if (!influxd.available) throw new Error(`influxd unavailable: ${influxd.reason}`);
  return InfluxdProcess.start(options);
}

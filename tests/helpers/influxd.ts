// Test helper: a private influxd per suite (free loopback ports, temp dirs). On first import it makes sure
// influxd exists: under CI=true a missing one fails; on Debian as root it is installed with apt-get once;
// elsewhere `noInfluxd` is true and the suites using it say loudly why they did not run.
import { ensureInfluxd, InfluxdProcess } from '@zld/historian';
import type { InfluxdAvailability } from '@zld/historian';

export { InfluxdProcess };

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
export async function startInfluxd(): Promise<InfluxdProcess> {
  if (!influxd.available) throw new Error(`influxd unavailable: ${influxd.reason}`);
  return InfluxdProcess.start();
}

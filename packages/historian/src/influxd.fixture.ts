// Test fixture: whether a real influxd can run here (installing it on Debian as root; failing under CI).
import { ensureInfluxd } from './influxd-install.js';

export const influxd = await ensureInfluxd({ ci: process.env['CI'] === 'true' });

if (!influxd.available) {
  console.warn(`\n!!! InfluxDB suites NOT RUN: ${influxd.reason}\n`);
}

/** For describe.skipIf: true when the InfluxDB suites cannot run on this machine (never under CI). */
export const noInfluxd = !influxd.available;

// The test kit's main entry: ports, locks, waiting, loop lag, a Modbus wire tap, install-when-missing and influxd.
// Chromium (playwright-core) and the suite modules that check their dependency on import have their own entries.
export { freePort } from './free-port.js';
export { withLockDir } from './lock-dir.js';
export type { LockDirOptions } from './lock-dir.js';
export { check, waitFor } from './wait-for.js';
export type { WaitOptions } from './wait-for.js';
export { startLoopLag } from './loop-lag.js';
export type { LoopLag } from './loop-lag.js';
export { startModbusTap } from './modbus-tap.js';
export type { ModbusTap, WireRequest } from './modbus-tap.js';
export { debianSystem, ensureDebianPackage } from './debian-package.js';
export type { Availability, DebianPackageSpec, PackageSystem } from './debian-package.js';
export { InfluxdProcess, influxdInstalled } from './influxd-process.js';
export type { InfluxdOptions } from './influxd-process.js';
export { ensureInfluxd } from './influxd-install.js';
export type { EnsureInfluxdOptions, InfluxdAvailability } from './influxd-install.js';

import { defineConfig } from 'vitest/config';

/**
 * Tests that assert timings (fault detection within timeout + one scan, live latency) run in a group of
 * their own after everything else, one file at a time: on a 2-core machine the browser, scenario and
 * simulator suites would otherwise starve their event loops and make them fail for the machine's sake.
 */
const TIMING = [
  'tests/integration/plc-faults.test.ts',
  'tests/integration/live-stream.test.ts',
  'tests/foreign/pymodbus-tcp.test.ts',
  'tests/foreign/pymodbus-rtu.test.ts',
];

const ALL = [
  'packages/*/src/**/*.test.ts',
  'simulators/src/**/*.test.ts',
  'apps/*/src/**/*.test.{ts,tsx}',
  'tests/**/*.test.ts',
];
const NEVER = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // In CI (CI=true) also JUnit XML for the CI system's test report (see the README's CI section).
    reporters: process.env['CI'] ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'tests/artifacts/junit/vitest.xml' },
    projects: [
      {
        extends: true,
        test: { name: 'all', include: ALL, exclude: [...NEVER, ...TIMING] },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING,
          exclude: NEVER,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

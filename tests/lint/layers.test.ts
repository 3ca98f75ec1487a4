// The layer rules of `npm run lint` (dependency-cruiser) catch an upward import, a cycle and I/O in pure
// code: the fixture tree under tests/lint/fixtures holds one of each, and one allowed import. A cycle is
// reported once, at the module the cruise met first.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(...paths: string[]): Promise<Violation[]> {
  // The config leaves the fixture tree out of `npm run lint`; this run puts it back in.
  const exclude = '(^|/)(dist|node_modules)/|\\.d\\.ts$';
  const args = [
    '--config',
    '.dependency-cruiser.cjs',
    '--exclude',
    exclude,
    '--output-type',
    'json',
    ...paths,
  ];
  const bin = `${ROOT}node_modules/.bin/depcruise`;
  // depcruise exits non-zero when it finds violations; its JSON report is on stdout either way.
  const { stdout } = await run(bin, args, { cwd: ROOT, maxBuffer: 64 << 20 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  const report = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const F = 'tests/lint/fixtures/packages';

describe('the layer rules', () => {
  it('refuse an upward import, a cycle and a socket in pure code, and nothing else of the fixture', async () => {
    const found = (await cruise('tests/lint/fixtures')).map(
      (v) => `${v.rule.name}: ${v.from} -> ${v.to}`,
    );
    expect(found.sort()).toEqual(
      [
        `layer-alarms: ${F}/alarms/src/engine.ts -> ${F}/historian/src/store.ts`,
        `no-cycle: ${F}/alarms/src/ring-a.ts -> ${F}/alarms/src/ring-b.ts`,
        `pure-no-io: ${F}/tags/src/clock.ts -> net`,
      ].sort(),
    );
  });
});

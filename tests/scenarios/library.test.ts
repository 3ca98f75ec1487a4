// The pilot's scenario library, through the runner as CI runs it: every scenario passes, JUnit in tests/artifacts.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JUNIT = join(ROOT, 'tests/artifacts/junit/scenarios.xml');

describe('the scenario library', () => {
  it('passes through npm run scenario, two at a time', async () => {
    mkdirSync(join(ROOT, 'tests/artifacts/junit'), { recursive: true });
    const began = Date.now();
    const { code, out } = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'packages/scenarios/src/main.ts'),
          join(ROOT, 'packages/scenarios/library'),
          '--parallel',
          '2',
          '--quiet',
          '--junit',
          JUNIT,
        ],
        { cwd: ROOT, maxBuffer: 64 << 20 },
        (err, stdout, stderr) =>
          resolve({
            code: err ? Number((err as { code?: number }).code ?? 1) : 0,
            out: `${stdout}\n${stderr}`,
          }),
      ),
    );
    const summary = out.split('\n').filter((l) => /^(PASS|FAIL)|scenarios passed/.test(l));
    console.log(
      `scenario library: ${((Date.now() - began) / 1000).toFixed(0)} s wall\n${summary.join('\n')}`,
    );
    expect(code, out).toBe(0);
    expect(readFileSync(JUNIT, 'utf8')).toMatch(
      /<testsuites name="scenarios" tests="\d+" failures="0" errors="0"/,
    );
  }, 900_000);
});

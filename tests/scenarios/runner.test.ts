// `npm run scenario` as a CI system runs it: a child process, its exit code, what it prints, its JUnit file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'packages/scenarios/src/main.ts');
const XSD = join(ROOT, 'packages/scenarios/junit/junit.xsd');

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { cwd: ROOT, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

function xmllint(file: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('xmllint', ['--noout', '--schema', XSD, file], (err, _o, stderr) =>
      err ? reject(new Error(stderr)) : resolve(stderr),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('npm run scenario', () => {
  it('a wrong expectation fails the run, naming the expectation, the plant time and what was seen', async () => {
    const right = write(
      'right.yaml',
      `scenario: outfall-right
warmUp: 10m
steps:
  - at: 2m
    inject: { kind: outfall-open, target: XV-901 }
expect:
  - alarm: ZLD-DISCHARGE
    after: 2m
    within: 1m
`,
    );
    const wrong = write(
      'wrong.yaml',
      `scenario: outfall-wrong
warmUp: 10m
steps:
  - at: 2m
    inject: { kind: outfall-open, target: XV-901 }
expect:
  - alarm: ZLD-DISCHARGE
    state: normal
    after: 3m
    within: 1m
    note: wrong on purpose, the outfall stays open
`,
    );
    const junit = join(dir, 'out.xml');
    const { code, out } = await run([right, wrong, '--junit', junit, '--parallel', '2', '--quiet']);
    expect(code, out).toBe(1);
    expect(out).toMatch(/PASS outfall-right/);
    expect(out).toMatch(
      /FAIL expect ZLD-DISCHARGE normal within 01m 00s after 03m 00s: expected ZLD-DISCHARGE normal between 03m 00s and 04m 00s; seen at 04m 00s: active, unacknowledged; value \S+ .*\(plant time 04m 00s\)/,
    );
    expect(out).toMatch(/1 of 2 scenarios passed .*; failed: outfall-wrong/);
    await xmllint(junit);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="scenarios" tests="4" failures="1" errors="0"/);
    expect(xml).toMatch(
      /<failure message="expected ZLD-DISCHARGE normal between 03m 00s and 04m 00s; seen at 04m 00s: active/,
    );
  });

  it('the limit change of the examples breaks the carry-over detection, and the run says so', async () => {
    const example = join(ROOT, 'packages/scenarios/examples/limit-change-breaks-detection.yaml');
    const { code, out } = await run([example, '--quiet']);
    expect(code, out).toBe(1);
    expect(out).toMatch(
      /ok {3}step at 01m 00s: set AIC-510\.H limit to 95 as engineer: limit now 95/,
    );
    expect(out).toMatch(
      /FAIL expect AIC-510\.H active within 20m 00s after 10m 00s: .*seen at 30m 00s: normal, .*value (8\d|9[0-4])(\.\d+)? \(limit 95\)/,
    );
  });

  it("an invalid file fails with the loader's message; a usage error exits 2", async () => {
    const bad = write('bad.yaml', 'scenario: bad\nexpect:\n  - alarm: NO-SUCH\n    within: 1m\n');
    const { code, out } = await run([bad, '--quiet']);
    expect(code).toBe(1);
    expect(out).toMatch(/expect\[0\]\.alarm \(line 3\): no alarm NO-SUCH in plant/);
    expect((await run([])).code).toBe(2);
    expect((await run(['--parallel', 'x', bad])).code).toBe(2);
  });
});

// `npm run gateway` with plant files a new user writes: warnings logged at start, and a plant or clock the
// runtime cannot take refused with a plain message and exit code 1, never a stack trace.
import { PILOT_PLANT_FILE } from '@zld/plant';
import { freePort, waitFor } from '@zld/testkit';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'apps', 'gateway', 'src', 'main.ts');
const SMALL_PLANT_FILE = join(PILOT_PLANT_FILE, '..', 'small-line.yaml');
/** A stack frame as Node prints it. */
const STACK = /^\s+at .+[(:]\d+/m;

describe('the gateway process with a hand-written plant file', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-gw-plant-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs the gateway; answers its exit and everything it printed (stops it once `until` matches). */
  async function run(
    args: string[],
    until?: RegExp,
  ): Promise<{ code: number | null; output: string }> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, ZLD_ADMIN_PASSWORD: 'plant start secret 8' };
    delete env['ZLD_CLOCK'];
    delete env['PLANT_FILE'];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--port', String(port), '--data-dir', join(dir, 'data'), ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (until) {
      await waitFor(() => until.test(output) || child.exitCode !== null, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `the gateway to print ${until}`,
      });
      child.kill('SIGTERM');
    }
    return { code: await exited, output };
  }

  it('starts a small plant and logs the loader warnings with path and line', async () => {
    const { output } = await run(
      ['--plant', SMALL_PLANT_FILE, '--log-level', 'warn'],
      /Batch:Count.*no range/,
    );
    // One JSON log line each (quotes escaped).
    expect(output).toMatch(
      /plant file: tags\[Line1_Temp\]\.name \(line \d+\): \\?"Line1_Temp\\?" is not an ISA-5\.1 tag name/,
    );
    expect(output).not.toMatch(STACK);
  }, 90_000);

  it('refuses --clock plc for a plant without a clock tag: a plain message, exit code 1', async () => {
    const { code, output } = await run(['--plant', SMALL_PLANT_FILE, '--clock', 'plc']);
    expect(code).toBe(1);
    expect(output).toMatch(
      /the gateway cannot start: --clock plc .* no PLC of this plant names a clock tag/,
    );
    expect(output).not.toMatch(STACK);
  }, 90_000);

  it('refuses a water-balance level in degC before anything starts: path, line, exit code 1', async () => {
    const bad = join(dir, 'degc-level.yaml');
    const pilot = await readFile(PILOT_PLANT_FILE, 'utf8');
    // LT-002, the make-up tank level the balance reads, in degC.
    const at = pilot.indexOf('- name: LT-002');
    const unit = pilot.indexOf("unit: '%'", at);
    await writeFile(
      bad,
      pilot.slice(0, unit) + 'unit: degC' + pilot.slice(unit + "unit: '%'".length),
    );
    const { code, output } = await run(['--plant', bad]);
    expect(code).toBe(1);
    expect(output).toMatch(
      /waterBalance\.inventories\[TK-002\]\.levelTag \(line \d+\): level tag "LT-002" is in "degC"/,
    );
    expect(output).not.toMatch(STACK);
  }, 90_000);
});

// Runs another workspace's benchmark script (when it exists) in a child process within a time bound, and parses its JSON.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type SideBenchResult =
  | { script: string; seconds: number; result: unknown }
  | { script: string; skipped: string }
  | { script: string; seconds: number; error: string };

/** The last top-level JSON object in `text` (a line starting with `{`, to the end), or undefined. */
export function lastJsonObject(text: string): unknown {
  const trimmed = text.trim();
  const starts = [...trimmed.matchAll(/^\{/gm)].map((m) => m.index);
  for (let i = starts.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(trimmed.slice(starts[i])) as unknown;
    } catch {
      // not where the object starts: try the previous candidate
    }
  }
  return undefined;
}

/**
 * `script` is relative to the repository root. Its stderr is relayed (prefixed) to this process's
 * stderr; its stdout must end with one JSON object. Killed (SIGKILL, this child only) after `timeoutS`.
 */
export async function runSideBench(
  script: string,
  args: readonly string[],
  timeoutS: number,
  skip: string | null,
): Promise<SideBenchResult> {
  if (skip !== null) return { script, skipped: skip };
  if (!existsSync(join(root, script))) return { script, skipped: 'script not found' };
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = () => child.kill('SIGKILL');
  process.once('exit', killer);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${script}] ${d.toString()}`));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutS * 1000);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', (c) => resolve(c));
  });
  clearTimeout(timer);
  process.off('exit', killer);
  const seconds = Math.round(performance.now() - t0) / 1000;
  if (timedOut) return { script, seconds, error: `stopped after the ${timeoutS} s bound` };
  const result = lastJsonObject(out);
  if (code !== 0 || result === undefined)
    return {
      script,
      seconds,
      error: `exit code ${code}${result === undefined ? ', no JSON' : ''}`,
    };
  return { script, seconds, result };
}

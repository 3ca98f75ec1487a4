// `npm run scenario -- <files or folders> [--junit out.xml] [--parallel N]`: plays scenarios, prints what was expected
// and seen, writes JUnit XML, exits 1 on any failure (2 on a usage error).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPlantTime as fmt } from './duration.js';
import { junitXml } from './junit.js';
import { loadScenario, ScenarioDefinitionError } from './parse.js';
import { playScenario, type ScenarioResult } from './player.js';

const USAGE = `usage: npm run scenario -- <scenario files or folders...> [--junit out.xml] [--parallel N]

Plays each scenario (YAML) against the process model and the gateway's tag engine, alarm, balance and
command services on plant time, and checks its expectations. Folders are searched for *.yaml and *.yml.
  --junit FILE    write JUnit XML (one suite per scenario)
  --parallel N    scenarios at once, each in a process of its own (default 1)
  --quiet         no progress lines
Exit code: 0 all passed, 1 a scenario failed or is invalid, 2 a usage error.`;

interface Args {
  paths: string[];
  junit?: string;
  parallel: number;
  quiet: boolean;
  child?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { paths: [], parallel: 1, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--junit') a.junit = value();
    else if (arg === '--parallel') {
      a.parallel = Number(value());
      if (!Number.isInteger(a.parallel) || a.parallel < 1)
        throw new Error('--parallel: a whole number, 1 or more');
    } else if (arg === '--quiet') a.quiet = true;
    else if (arg === '--child') a.child = value();
    else if (arg === '--help' || arg === '-h') throw new Error('');
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else a.paths.push(arg);
  }
  if (a.child === undefined && a.paths.length === 0)
    throw new Error('name at least one scenario file or folder');
  return a;
}

/** The scenario files under the paths, in a stable order. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory())
      for (const e of readdirSync(p).sort()) {
        const q = join(p, e);
        if (statSync(q).isDirectory() || /\.ya?ml$/.test(e)) walk(q);
      }
    else out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

/** Plays one file in this process; an invalid file is a failed result with the loader's message. */
async function playFile(file: string, progress: boolean): Promise<ScenarioResult> {
  try {
    const s = loadScenario(file);
    return await playScenario(s, {
      ...(progress
        ? {
            onProgress: (t, total) =>
              console.log(`  [${s.file.scenario}] ${fmt(t)} of ${fmt(total)} plant time`),
          }
        : {}),
    });
  } catch (err) {
    const message = err instanceof ScenarioDefinitionError ? err.message : (err as Error).message;
    return {
      name: file,
      source: file,
      ok: false,
      plantS: 0,
      wallMs: 0,
      steps: [],
      expectations: [],
      error: message,
    };
  }
}

/** Plays one file in a child process (isolation, and a second core); the child prints its result as JSON. */
function playInChild(file: string, progress: boolean): Promise<ScenarioResult> {
  return new Promise((resolveResult) => {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', self, '--child', file, ...(progress ? [] : ['--quiet'])],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines)
        if (!l.startsWith('{"result":')) console.log(l);
        else resultLine = l;
    });
    let resultLine = '';
    child.on('close', (code) => {
      if (out.startsWith('{"result":')) resultLine = out;
      try {
        resolveResult((JSON.parse(resultLine) as { result: ScenarioResult }).result);
      } catch {
        resolveResult({
          name: file,
          source: file,
          ok: false,
          plantS: 0,
          wallMs: 0,
          steps: [],
          expectations: [],
          error: `the scenario's process ended (exit code ${code}) without a result`,
        });
      }
    });
  });
}

export function report(r: ScenarioResult): string {
  const lines = [
    `${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.source}): ${fmt(r.plantS)} plant time in ${(r.wallMs / 1000).toFixed(1)} s`,
  ];
  for (const s of r.steps)
    lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} step at ${fmt(s.atS)}: ${s.label}: ${s.message}`);
  for (const e of r.expectations)
    lines.push(
      e.ok
        ? `  ok   expect ${e.label}: ${e.seen}`
        : `  FAIL expect ${e.label}: expected ${e.expected}; seen ${e.seen} (plant time ${fmt(e.atS)})`,
    );
  if (r.error) lines.push(`  ERROR ${r.error.split('\n').join('\n    ')}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    const m = (err as Error).message;
    console.error(m ? `${m}\n\n${USAGE}` : USAGE);
    return m ? 2 : 0;
  }
  if (args.child !== undefined) {
    const r = await playFile(args.child, !args.quiet);
    console.log(JSON.stringify({ result: r }));
    return 0;
  }
  let files: string[];
  try {
    files = scenarioFiles(args.paths);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (files.length === 0) {
    console.error('no scenario files (*.yaml, *.yml) found');
    return 2;
  }
  const began = Date.now();
  const started = new Date();
  const results: ScenarioResult[] = new Array(files.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(args.parallel, files.length) }, async () => {
    while (next < files.length) {
      const i = next++;
      const r =
        args.parallel > 1
          ? await playInChild(files[i]!, !args.quiet)
          : await playFile(files[i]!, !args.quiet);
      results[i] = r;
      console.log(report(r));
    }
  });
  await Promise.all(lanes);
  const failed = results.filter((r) => !r.ok);
  console.log(
    `\n${results.length - failed.length} of ${results.length} scenarios passed in ${((Date.now() - began) / 1000).toFixed(1)} s` +
      (failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''),
  );
  if (args.junit) {
    mkdirSync(dirname(resolve(args.junit)), { recursive: true });
    writeFileSync(args.junit, junitXml(results, started));
    console.log(`JUnit XML: ${args.junit}`);
  }
  return failed.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );

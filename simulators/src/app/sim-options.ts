// `npm run sim` options from flags and environment (the only place either is interpreted; main.ts passes them in).
import { NAME } from '@zld/plant/constants';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_SPEED } from '../core/sim-runner.js';

/** Port of the simulator control API when none is given. */
export const DEFAULT_CONTROL_PORT = 8090;

export interface SimCliOptions {
  help: boolean;
  plantFile?: string;
  host: string;
  controlHost: string;
  controlPort: number;
  /** From SIM_CONTROL_TOKEN only (never a flag: flags show in the process list). */
  controlToken?: string;
  speed: number;
  seed: number;
  /** Port overrides by PLC id. */
  ports: Record<string, number>;
  startEpochMs?: number;
  /** Things that were ignored, to print as warnings. */
  warnings: string[];
}

export const USAGE = `Usage: npm run sim -- [options]

  --plant <file>          plant definition (env PLANT_FILE; default the pilot plant)
  --host <address>        address every server listens on (default 127.0.0.1)
  --control-port <port>   simulator control HTTP API (env SIM_CONTROL_PORT; default ${DEFAULT_CONTROL_PORT})
  --control-host <addr>   address of the control API (env SIM_CONTROL_HOST; default 127.0.0.1)
                          every control request needs "Authorization: Bearer <token>": the token is
                          env SIM_CONTROL_TOKEN (16 characters or more), else a new one printed at start
  --speed <factor>        simulated seconds per real second, 0-${MAX_SPEED} (env SIM_SPEED; default 1)
  --seed <n>              random seed of the process model (env SIM_SEED; default 1)
  --port <PLC>=<port>     listen port of one PLC, repeatable, e.g. --port PLC-100=15020
                          (env SIM_PORTS="PLC-100=15020,PLC-300=15021"; default the plant file's)
  --start <ISO time>      simulated time at start (env SIM_START; default now)
  --help                  this text
`;

type Env = Readonly<Record<string, string | undefined>>;

function port(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${what}: not a port number: "${text}"`);
  return n;
}

function number(text: string, what: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < lo || n > hi)
    throw new Error(`${what}: expected a number from ${lo} to ${hi}, got "${text}"`);
  return n;
}

/**
 * Flags win over environment variables. Unknown flags are reported as warnings, not errors, because
 * `npm start` hands the same arguments to the gateway and to the simulators; likewise a `--port` without
 * `<PLC>=` (the gateway's HTTP port) is ignored with a warning. Bad values throw with a plain message.
 */
export function parseSimArgs(argv: readonly string[], env: Env): SimCliOptions {
  const { values, tokens } = parseArgs({
    args: [...argv],
    strict: false,
    tokens: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      plant: { type: 'string' },
      host: { type: 'string' },
      'control-port': { type: 'string' },
      'control-host': { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string', multiple: true },
      start: { type: 'string' },
    },
  });
  const known = new Set([
    'help',
    'plant',
    'host',
    'control-port',
    'control-host',
    'speed',
    'seed',
    'port',
    'start',
  ]);
  const warnings: string[] = [];
  for (const t of tokens ?? [])
    if (t.kind === 'option' && !known.has(t.name))
      warnings.push(`ignored unknown option --${t.name}`);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

  const ports: Record<string, number> = {};
  const portSpecs = [
    ...(env.SIM_PORTS ?? '').split(',').filter((s) => s.trim() !== ''),
    ...((values.port as unknown[] | undefined) ?? []).filter(
      (v): v is string => typeof v === 'string',
    ),
  ];
  for (const spec of portSpecs) {
    const [id = '', p = '', ...rest] = spec.split('=').map((x) => x.trim());
    const m = NAME.test(id) && /^\d+$/.test(p) && rest.length === 0 ? [spec, id, p] : null;
    if (!m) {
      warnings.push(`ignored --port ${spec} (expected <PLC>=<port>, e.g. PLC-100=15020)`);
      continue;
    }
    ports[m[1]!] = port(m[2]!, `--port ${m[1]}`);
  }

  // npm runs workspace scripts in the workspace folder; a relative path means the caller's folder.
  const plantArg = str(values.plant) ?? env.PLANT_FILE;
  const plantFile =
    plantArg && !isAbsolute(plantArg) && env.INIT_CWD ? resolve(env.INIT_CWD, plantArg) : plantArg;
  const controlPort = str(values['control-port']) ?? env.SIM_CONTROL_PORT;
  const speed = str(values.speed) ?? env.SIM_SPEED;
  const controlToken = env.SIM_CONTROL_TOKEN;
  if (controlToken !== undefined && controlToken.length < 16)
    throw new Error('SIM_CONTROL_TOKEN: the control API token needs 16 characters or more');
  const seed = str(values.seed) ?? env.SIM_SEED;
  const start = str(values.start) ?? env.SIM_START;
  let startEpochMs: number | undefined;
  if (start !== undefined) {
    startEpochMs = Date.parse(start);
    if (!Number.isFinite(startEpochMs))
      throw new Error(`--start: not an ISO-8601 time: "${start}"`);
  }
  return {
    help: values.help === true,
    ...(plantFile ? { plantFile } : {}),
    host: str(values.host) ?? '127.0.0.1',
    controlHost: str(values['control-host']) ?? env.SIM_CONTROL_HOST ?? '127.0.0.1',
    controlPort:
      controlPort !== undefined ? port(controlPort, '--control-port') : DEFAULT_CONTROL_PORT,
    speed: speed !== undefined ? number(speed, '--speed', 0, MAX_SPEED) : 1,
    seed: seed !== undefined ? Math.trunc(number(seed, '--seed', 0, 2 ** 32 - 1)) : 1,
    ports,
    ...(controlToken !== undefined ? { controlToken } : {}),
    ...(startEpochMs !== undefined ? { startEpochMs } : {}),
    warnings,
  };
}

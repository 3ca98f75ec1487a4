// The one module that reads the gateway's flags and environment: validates them into a plain GatewayConfig.
import { parseArgs } from 'node:util';
import type { ClockMode } from '@zld/api';

/** Where to reach one PLC instead of the address in the plant file (tests, commissioning). */
export type EndpointOverride = { host: string; port: number } | { endpointUrl: string };

export interface GatewayConfig {
  /** The plant definition; undefined means the pilot plant that ships with `@zld/plant`. */
  plantFile: string | undefined;
  host: string;
  port: number;
  clock: ClockMode;
  dataDir: string;
  /** Historize to InfluxDB 1.x at this URL (database in the path); unset: the embedded store. */
  influxUrl: string | undefined;
  /** Per PLC id. */
  plcEndpoints: Record<string, EndpointOverride>;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  clock: 'wall',
  dataDir: './data',
  logLevel: 'info',
} as const;

export const USAGE = `Usage: npm run gateway -- [options]

  --plant <file>            plant definition (PLANT_FILE; default: the pilot plant)
  --host <address>          listen address (default ${DEFAULTS.host})
  --port <n>                HTTP port (GATEWAY_PORT; default ${DEFAULTS.port})
  --clock wall|plc          follow the wall clock or the PLCs' plant time (ZLD_CLOCK; default ${DEFAULTS.clock})
  --data-dir <dir>          historian, buffers, users, journal, audit (ZLD_DATA_DIR; default ${DEFAULTS.dataDir})
  --influx-url <url>        historize to InfluxDB 1.x, database in the path (INFLUX_URL)
  --plc <id>=<host>:<port>  reach a PLC elsewhere than the plant file says (repeatable);
  --plc <id>=<opc.tcp://..> an OPC UA PLC may take a whole endpoint URL
  --log-level <level>       fatal|error|warn|info|debug|trace|silent (default ${DEFAULTS.logLevel})
  --help                    this text
`;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Flags win over environment variables, which win over defaults. `help` is set when `--help` was given. */
export function parseGatewayConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): GatewayConfig & { help: boolean } {
  const problems: string[] = [];
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  const pick = (flag: string | undefined, envName?: string): string | undefined => {
    const v = flag ?? (envName === undefined ? undefined : env[envName]);
    return v === undefined || v === '' ? undefined : v;
  };

  const port = parsePort(pick(flags.port, 'GATEWAY_PORT') ?? String(DEFAULTS.port), 'port');
  if (typeof port === 'string') problems.push(port);
  const host = pick(flags.host) ?? DEFAULTS.host;
  const clock = pick(flags.clock, 'ZLD_CLOCK') ?? DEFAULTS.clock;
  if (clock !== 'wall' && clock !== 'plc')
    problems.push(`clock: "${clock}" is neither "wall" nor "plc" (--clock, ZLD_CLOCK)`);
  const logLevel = pick(flags['log-level']) ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`log level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const influxUrl = pick(flags['influx-url'], 'INFLUX_URL');
  if (influxUrl !== undefined && !/^https?:\/\/[^/\s]+\/[^/\s]+\/?$/.test(influxUrl))
    problems.push(`INFLUX_URL: "${influxUrl}" is not http(s)://host:port/database`);

  const plcEndpoints: Record<string, EndpointOverride> = {};
  for (const spec of flags.plc ?? []) {
    const parsed = parsePlcOverride(spec);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (plcEndpoints[parsed.id] !== undefined) problems.push(`--plc ${parsed.id} given twice`);
    else plcEndpoints[parsed.id] = parsed.endpoint;
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    help: flags.help === true,
    plantFile: pick(flags.plant, 'PLANT_FILE'),
    host,
    port: port as number,
    clock: clock as ClockMode,
    dataDir: pick(flags['data-dir'], 'ZLD_DATA_DIR') ?? DEFAULTS.dataDir,
    influxUrl,
    plcEndpoints,
    logLevel: logLevel as GatewayConfig['logLevel'],
  };
}

/** The configuration of this process: its command line and environment. */
export function readGatewayConfig(): GatewayConfig & { help: boolean } {
  return parseGatewayConfig(process.argv.slice(2), process.env);
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      plant: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      clock: { type: 'string' },
      'data-dir': { type: 'string' },
      'influx-url': { type: 'string' },
      plc: { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
}

function parsePort(s: string, what: string): number | string {
  const n = Number(s);
  return /^\d+$/.test(s) && n >= 0 && n <= 65535 ? n : `${what}: "${s}" is not a port (0-65535)`;
}

function parsePlcOverride(spec: string): { id: string; endpoint: EndpointOverride } | string {
  const m = /^(PLC-\d{3})=(.+)$/.exec(spec);
  if (!m) return `--plc "${spec}": expected <PLC id>=<host>:<port> or <PLC id>=opc.tcp://host:port`;
  const id = m[1]!;
  const target = m[2]!;
  if (target.startsWith('opc.tcp://')) return { id, endpoint: { endpointUrl: target } };
  const hp = /^([^:\s]+):(\d+)$/.exec(target);
  if (!hp) return `--plc "${spec}": "${target}" is not host:port`;
  const port = parsePort(hp[2]!, `--plc ${id} port`);
  if (typeof port === 'string') return port;
  return { id, endpoint: { host: hp[1]!, port } };
}

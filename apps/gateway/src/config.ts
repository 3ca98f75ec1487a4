// The one module that reads the gateway's flags and environment: validates them into a plain GatewayConfig.
import { NAME } from '@zld/plant/constants';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ClockMode } from '@zld/api';
import type { EndpointOverride } from '@zld/protocols';
import { normaliseOrigin } from './security/origin-policy.js';

/** Where to reach one PLC instead of the address in the plant file (tests, commissioning). */
export type { EndpointOverride } from '@zld/protocols';

export interface GatewayConfig {
  /** The plant definition (absolute); undefined means the pilot plant that ships with `@zld/plant`. */
  plantFile: string | undefined;
  host: string;
  port: number;
  clock: ClockMode;
  /** Absolute: users, audit, journal, historian, buffers and the OPC UA client PKI live here. */
  dataDir: string;
  /** The first admin's password when the user store is created (`ZLD_ADMIN_PASSWORD`). */
  adminPassword: string | undefined;
  /** A file holding that password (its first line), the flag form of `ZLD_ADMIN_PASSWORD`. */
  adminPasswordFile: string | undefined;
  /** The audit trail's key (`ZLD_AUDIT_KEY_FILE`, absolute); unset: `<dataDir>/audit.key`, made at first start. */
  auditKeyFile: string | undefined;
  /** Serve HTTPS only with this certificate and key (PEM files, absolute). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** A TLS-terminating reverse proxy's address: trusted for the client address, cookies Secure. */
  trustProxy: string | undefined;
  /** Browser origins besides the served one that may use a session (REST writes, socket.io). */
  allowedOrigins: string[];
  /** socket.io connections one session may hold at once. */
  socketsPerSession: number;
  /** Refuse demo admin passwords, and plain HTTP on a non-loopback address. */
  production: boolean;
  /** The built HMI (absolute). */
  hmiDir: string;
  /** Whether `hmiDir` was asked for (then it must exist) rather than the default. */
  hmiDirGiven: boolean;
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
  socketsPerSession: 8,
} as const;

/** The HMI bundle of this repository (`apps/hmi/dist`). */
export const DEFAULT_HMI_DIR = fileURLToPath(new URL('../../hmi/dist', import.meta.url));

export const USAGE = `Usage: npm run gateway -- [options]

  --plant <file>            plant definition (PLANT_FILE; default: the pilot plant)
  --host <address>          listen address (default ${DEFAULTS.host})
  --port <n>                HTTP port (GATEWAY_PORT; default ${DEFAULTS.port})
  --clock wall|plc          follow the wall clock or the PLCs' plant time (ZLD_CLOCK; default ${DEFAULTS.clock})
  --data-dir <dir>          historian, buffers, users, journal, audit (ZLD_DATA_DIR; default ${DEFAULTS.dataDir})
  --admin-password-file <f> the first admin's password, read from a file when the user store is
                            created (or ZLD_ADMIN_PASSWORD; default: a random one, printed once)
  --audit-key-file <f>      the key that seals the audit trail, 64+ hex digits, mode 0600
                            (ZLD_AUDIT_KEY_FILE; default <data dir>/audit.key, made at first start)
  --tls-cert <file>         serve HTTPS only with this PEM certificate (ZLD_TLS_CERT) ...
  --tls-key <file>          ... and this PEM key (ZLD_TLS_KEY)
  --trust-proxy <address>   behind a TLS-terminating reverse proxy at this address (ZLD_TRUST_PROXY)
  --allowed-origin <origin> another browser origin (scheme://host[:port]) that may use a session:
                            REST writes with the cookie and socket.io (repeatable; ZLD_ALLOWED_ORIGINS,
                            comma-separated; default: only the origin the gateway serves)
  --sockets-per-session <n> live connections one session may hold (ZLD_SOCKETS_PER_SESSION; default ${DEFAULTS.socketsPerSession})
  --production              refuse demo admin passwords and plain HTTP off loopback; engineers and
                            admins must use two-factor authentication (ZLD_PRODUCTION=1)
  --hmi-dir <dir>           the built HMI to serve (ZLD_HMI_DIR; default apps/hmi/dist of this repository)
  --influx-url <url>        historize to InfluxDB 1.x, database in the path (INFLUX_URL)
  --plc <id>=<host>:<port>  reach a PLC elsewhere than the plant file says (repeatable);
  --plc <id>=<opc.tcp://..> an OPC UA PLC may take a whole endpoint URL
  --log-level <level>       fatal|error|warn|info|debug|trace|silent (default ${DEFAULTS.logLevel})
  --help                    this text

Relative paths are taken from the folder npm was started in (INIT_CWD), else the current folder.
`;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Flags win over environment variables, which win over defaults. `help` is set when `--help` was
 * given. Relative paths are resolved from `INIT_CWD` (where npm was started), else `cwd`.
 */
export function parseGatewayConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
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

  const base = env.INIT_CWD !== undefined && isAbsolute(env.INIT_CWD) ? env.INIT_CWD : cwd;
  const path = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : resolve(base, p);
  const certFile = path(pick(flags['tls-cert'], 'ZLD_TLS_CERT'));
  const keyFile = path(pick(flags['tls-key'], 'ZLD_TLS_KEY'));
  if ((certFile === undefined) !== (keyFile === undefined))
    problems.push(
      'TLS: give both --tls-cert and --tls-key (ZLD_TLS_CERT, ZLD_TLS_KEY), or neither',
    );
  const trustProxy = pick(flags['trust-proxy'], 'ZLD_TRUST_PROXY');
  const originTexts =
    flags['allowed-origin'] ??
    (pick(undefined, 'ZLD_ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '');
  const allowedOrigins: string[] = [];
  for (const text of originTexts) {
    const o = normaliseOrigin(text);
    if (o === null)
      problems.push(
        `allowed origin: "${text}" is not http(s)://host[:port] (--allowed-origin, ZLD_ALLOWED_ORIGINS)`,
      );
    else if (!allowedOrigins.includes(o)) allowedOrigins.push(o);
  }
  const socketsText =
    pick(flags['sockets-per-session'], 'ZLD_SOCKETS_PER_SESSION') ??
    String(DEFAULTS.socketsPerSession);
  const socketsPerSession = Number(socketsText);
  if (!/^\d+$/.test(socketsText) || socketsPerSession < 1 || socketsPerSession > 1000)
    problems.push(
      `sockets per session: "${socketsText}" is not a whole number from 1 to 1000 (--sockets-per-session)`,
    );
  const productionText = flags.production === true ? 'true' : pick(undefined, 'ZLD_PRODUCTION');
  const production = productionText !== undefined && /^(1|true|yes)$/i.test(productionText);
  if (productionText !== undefined && !/^(1|true|yes|0|false|no)$/i.test(productionText))
    problems.push(`ZLD_PRODUCTION: "${productionText}" is neither 1/true/yes nor 0/false/no`);
  if (production && certFile === undefined && trustProxy === undefined && !isLoopbackHost(host))
    problems.push(
      `production: plain HTTP on ${host} is refused; give --tls-cert and --tls-key, or --trust-proxy ` +
        'for a TLS-terminating reverse proxy',
    );
  const adminPassword = pick(undefined, 'ZLD_ADMIN_PASSWORD');
  const adminPasswordFile = path(pick(flags['admin-password-file']));
  if (adminPassword !== undefined && adminPasswordFile !== undefined)
    problems.push('give the admin password once: ZLD_ADMIN_PASSWORD or --admin-password-file');
  const auditKeyFile = path(pick(flags['audit-key-file'], 'ZLD_AUDIT_KEY_FILE'));
  const hmiDirArg = pick(flags['hmi-dir'], 'ZLD_HMI_DIR');

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
    plantFile: path(pick(flags.plant, 'PLANT_FILE')),
    host,
    port: port as number,
    clock: clock as ClockMode,
    dataDir: path(pick(flags['data-dir'], 'ZLD_DATA_DIR') ?? DEFAULTS.dataDir)!,
    adminPassword,
    adminPasswordFile,
    auditKeyFile,
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    trustProxy,
    allowedOrigins,
    socketsPerSession,
    production,
    hmiDir: path(hmiDirArg) ?? DEFAULT_HMI_DIR,
    hmiDirGiven: hmiDirArg !== undefined,
    influxUrl,
    plcEndpoints,
    logLevel: logLevel as GatewayConfig['logLevel'],
  };
}

/** The configuration of this process: its command line and environment. */
export function readGatewayConfig(): GatewayConfig & { help: boolean } {
  return parseGatewayConfig(process.argv.slice(2), process.env, process.cwd());
}

/** Whether a listen address is the loopback interface only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
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
      'admin-password-file': { type: 'string' },
      'audit-key-file': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'sockets-per-session': { type: 'string' },
      production: { type: 'boolean' },
      'hmi-dir': { type: 'string' },
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
  const m = /^([^=]+)=(.+)$/.exec(spec);
  if (m && !NAME.test(m[1]!))
    return `--plc "${spec}": "${m[1]}" is not a PLC id (letters, digits, _ - . :)`;
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

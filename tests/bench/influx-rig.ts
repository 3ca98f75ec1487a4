// The bench's InfluxDB: a private influxd (the test kit's, installed when missing as the tests do) or a given URL; counts with InfluxQL.
import type { InfluxdProcess } from '@zld/testkit/influxd-suite';
import { join } from 'node:path';
import { findPid, readProc, type ProcSample } from './proc-stat.js';

/** The database the gateway writes to on the private influxd. */
const DATABASE = 'zld_bench';
const COUNT_TIMEOUT_MS = 300_000;

/** Where the historian's raw samples are, as the InfluxDB adapter lays them out (its README, "Storage"). */
export interface InfluxTarget {
  /** `http://host:port` */
  server: string;
  database: string;
  retentionPolicy: string;
  username?: string;
  password?: string;
}

/** The database and retention policy of a historian URL (`http://host:port/db?rp=...`; default policy `zld_raw`). */
export function influxTarget(historianUrl: string): InfluxTarget {
  const url = new URL(historianUrl);
  const target: InfluxTarget = {
    server: `${url.protocol}//${url.host}`,
    database: decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')),
    retentionPolicy: url.searchParams.get('rp') ?? 'zld_raw',
  };
  if (url.username !== '') target.username = decodeURIComponent(url.username);
  if (url.password !== '') target.password = decodeURIComponent(url.password);
  return target;
}

const ident = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The InfluxQL statement counting the raw samples stamped at or after `sinceMs` (every point has `seq`; `status` only when not Good). */
export function countStatement(t: InfluxTarget, sinceMs: number): string {
  const from = `${ident(t.database)}.${ident(t.retentionPolicy)}."samples"`;
  return `SELECT count("seq") FROM ${from} WHERE time >= ${Math.floor(sinceMs)}ms`;
}

/** InfluxDB's own count of the raw samples since `sinceMs`: one `/query` request, not the adapter. */
export async function countInflux(t: InfluxTarget, sinceMs: number): Promise<number> {
  const params = new URLSearchParams({ db: t.database, q: countStatement(t, sinceMs) });
  if (t.username !== undefined) params.set('u', t.username);
  if (t.password !== undefined) params.set('p', t.password);
  const res = await fetch(`${t.server}/query?${params.toString()}`, {
    signal: AbortSignal.timeout(COUNT_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`InfluxDB count: HTTP ${res.status}: ${text.slice(0, 300)}`);
  type Answer = {
    results?: { error?: string; series?: { values?: [unknown, number][] }[] }[];
    error?: string;
  };
  const answer = JSON.parse(text) as Answer;
  const result = answer.results?.[0];
  const error = answer.error ?? result?.error;
  if (error !== undefined) throw new Error(`InfluxDB count: ${error}`);
  return Number(result?.series?.[0]?.values?.[0]?.[1] ?? 0);
}

export type InfluxdSample = ProcSample & { pid: number };

/** The bench's InfluxDB for one run. */
export interface BenchInflux {
  /** The historian URL handed to the gateway (`INFLUX_URL`). */
  url: string;
  target: InfluxTarget;
  /** The private influxd; null when `--influx-url` named another one. */
  server: InfluxdProcess | null;
  /** The private influxd's CPU time and resident set now, with its pid (null: none, or not found). */
  sample(): InfluxdSample | null;
  close(): Promise<void>;
}

/**
 * `--influx-url`: that server. Otherwise a private influxd on free loopback ports with temp dirs,
 * through `@zld/testkit/influxd-suite`: importing it makes sure influxd can run (under CI=true a
 * missing one fails; on Debian as root it is installed with apt-get once; elsewhere it says why not).
 */
export async function openBenchInflux(
  influxUrl: string | null,
  log: (m: string) => void,
): Promise<BenchInflux> {
  if (influxUrl !== null) {
    log(`using the InfluxDB at ${influxTarget(influxUrl).server}`);
    return {
      url: influxUrl,
      target: influxTarget(influxUrl),
      server: null,
      sample: () => null,
      close: async () => {},
    };
  }
  const suite = await import('@zld/testkit/influxd-suite');
  if (!suite.influxd.available) throw new Error(`influxd cannot run here: ${suite.influxd.reason}`);
  const server = await suite.startInfluxd();
  log(`started a private influxd at ${server.url}`);
  const url = server.databaseUrl(DATABASE);
  const conf = join(server.dir, 'influxd.conf');
  let pid: number | null = null;
  return {
    url,
    target: influxTarget(url),
    server,
    sample: () => {
      // A restart (the outage) gives it a new pid: look it up again when the old one is gone.
      let s = pid === null ? null : readProc(pid);
      if (s === null) {
        pid = findPid(conf);
        s = pid === null ? null : readProc(pid);
      }
      return s === null || pid === null ? null : { ...s, pid };
    },
    close: () => server.dispose(),
  };
}

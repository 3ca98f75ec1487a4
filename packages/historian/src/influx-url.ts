// Parses an InfluxDB 1.x URL such as http://127.0.0.1:8086/zld?rp=zld_raw&retention=INF into checked settings.
import { HistorianInputError } from './historian.js';
import { assertStoreName } from './identifiers.js';

export interface InfluxTarget {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  /** Retention policy the historian creates (as the database default) and writes to. */
  retentionPolicy: string;
  /** Its duration: INF, or a whole number of hours, days or weeks (1h at least, as InfluxDB demands). */
  retention: string;
  username?: string;
  password?: string;
}

export const DEFAULT_RETENTION_POLICY = 'zld_raw';
const DURATION = /^(INF|[1-9]\d{0,5}[hdw])$/;

export function assertRetention(d: unknown): string {
  if (typeof d !== 'string' || !DURATION.test(d)) {
    throw new HistorianInputError(`invalid retention ${JSON.stringify(d)}: INF, 24h, 30d, 52w`);
  }
  return d;
}

export function parseInfluxUrl(text: string): InfluxTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HistorianInputError('InfluxDB URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HistorianInputError('InfluxDB URL must start with http:// or https://');
  }
  const path = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  const database = assertStoreName(path, 'InfluxDB database name (the URL path)');
  const retentionPolicy = assertStoreName(
    url.searchParams.get('rp') ?? DEFAULT_RETENTION_POLICY,
    'retention policy name',
  );
  const retention = assertRetention(url.searchParams.get('retention') ?? 'INF');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 8086) : Number(url.port);
  const target: InfluxTarget = {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port,
    database,
    retentionPolicy,
    retention,
  };
  if (url.username !== '') target.username = decodeURIComponent(url.username);
  if (url.password !== '') target.password = decodeURIComponent(url.password);
  return target;
}

// The InfluxDB 1.x historian, through the `influx` client: creates its database and retention policy, writes, queries.
import { InfluxDB, FieldType } from 'influx';
import type {
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
import { HistorianError } from './historian.js';
import { parseInfluxUrl } from './influx-url.js';
import type { InfluxTarget } from './influx-url.js';
import type { InfluxSeries } from './influx-point.js';
import { rowsToBuckets, rowsToPoints, toInfluxPoint } from './influx-point.js';
import {
  MEASUREMENT,
  ORIGIN_KEY,
  TAG_KEY,
  bucketStatement,
  createDatabaseStatement,
  createRetentionPolicyStatement,
  maxSeqStatement,
  rawStatement,
  showRetentionPoliciesStatement,
} from './influxql.js';
import { bucketWidth, checkQuery } from './query-plan.js';

export interface InfluxHistorianOptions {
  /** e.g. http://127.0.0.1:8086/zld (database in the path; optional ?rp=…&retention=…). */
  url: string;
  /** Per-request timeout; a timed-out write is retried later under the same keys. Default 10 s. */
  requestTimeoutMs?: number;
}

interface RawAnswer {
  results?: { statement_id?: number; series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

const NETWORK_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** Sorts client errors into transient (retry forever) and permanent (InfluxDB refused the data). */
export function classifyInfluxError(err: unknown): HistorianError {
  if (err instanceof HistorianError) return err;
  const e = err as {
    message?: string;
    code?: string;
    name?: string;
    res?: { statusCode?: number };
  };
  const message = `InfluxDB: ${e?.message ?? String(err)}`;
  const status = e?.res?.statusCode;
  if (typeof status === 'number') {
    const transient = status === 401 || status === 403 || status === 404 || status >= 500;
    return new HistorianError(message, transient, { cause: err });
  }
  const transient =
    NETWORK_CODES.has(e?.code ?? '') ||
    e?.constructor?.name === 'ServiceNotAvailableError' ||
    /No host available|timed out|socket hang up/i.test(e?.message ?? '');
  return new HistorianError(message, transient, { cause: err });
}

/** After a network failure the client parks the host for this long; the forwarder does its own pacing. */
const shortBackoff = {
  getDelay: () => 100,
  next: () => shortBackoff,
  reset: () => shortBackoff,
};

export class InfluxHistorian implements Historian {
  readonly target: InfluxTarget;
  private readonly client: InfluxDB;
  private schemaReady: Promise<void> | null = null;
  private state: HistorianHealth;

  constructor(opts: InfluxHistorianOptions) {
    this.target = parseInfluxUrl(opts.url);
    const t = this.target;
    this.client = new InfluxDB({
      protocol: t.protocol,
      host: t.host,
      port: t.port,
      database: t.database,
      ...(t.username !== undefined ? { username: t.username, password: t.password ?? '' } : {}),
      pool: {
        maxRetries: 0,
        requestTimeout: opts.requestTimeoutMs ?? 10_000,
        backoff: shortBackoff,
      },
      schema: [
        {
          measurement: MEASUREMENT,
          tags: [TAG_KEY, ORIGIN_KEY],
          fields: {
            value: FieldType.FLOAT,
            status: FieldType.INTEGER,
            quality: FieldType.STRING,
            bad: FieldType.INTEGER,
            gateway_ts: FieldType.INTEGER,
            seq: FieldType.INTEGER,
            backfill: FieldType.BOOLEAN,
          },
        },
      ],
    });
    this.state = {
      backend: 'influxdb',
      state: 'degraded',
      message: 'not yet connected',
      backlog: 0,
    };
  }

  /** Opens the historian and tries once to create the database; an unreachable server is not an error here. */
  static async open(opts: InfluxHistorianOptions): Promise<InfluxHistorian> {
    const h = new InfluxHistorian(opts);
    await h.ensureSchema().catch(() => undefined);
    return h;
  }

  /** Creates the database and retention policy when missing (idempotent; retried after a failure). */
  ensureSchema(): Promise<void> {
    this.schemaReady ??= this.createSchema().catch((err: unknown) => {
      this.schemaReady = null;
      throw this.failed(err);
    });
    return this.schemaReady;
  }

  private async createSchema(): Promise<void> {
    await this.statements([createDatabaseStatement(this.target)]);
    const [rps] = await this.statements([showRetentionPoliciesStatement(this.target)]);
    const names = (rps?.[0]?.values ?? []).map((v) => v[0]);
    if (!names.includes(this.target.retentionPolicy)) {
      await this.statements([createRetentionPolicyStatement(this.target)]);
    }
  }

  async write(points: readonly HistoryPoint[]): Promise<void> {
    if (points.length === 0) return;
    const mapped = points.map(toInfluxPoint);
    await this.ensureSchema();
    try {
      await this.client.writePoints(mapped, {
        precision: 'n',
        database: this.target.database,
        retentionPolicy: this.target.retentionPolicy,
      });
      this.ok();
    } catch (err) {
      throw this.failed(err);
    }
  }

  async query(query: HistoryQuery): Promise<HistorySeries[]> {
    const q = checkQuery(query);
    await this.ensureSchema();
    // One bounded read decides: a tag with fewer than maxPoints points in the window is answered raw.
    const [rawSeries = []] = await this.statements([
      rawStatement(this.target, q.tags, q.from, q.to, q.maxPoints),
    ]);
    const byTag = (list: InfluxSeries[], name: string) =>
      list.find((s) => s.tags?.[TAG_KEY] === name);
    const full = q.tags.filter((n) => (byTag(rawSeries, n)?.values.length ?? 0) >= q.maxPoints);
    const width = bucketWidth(q.from, q.to, q.maxPoints);
    const [bucketSeries = []] =
      full.length > 0
        ? await this.statements([bucketStatement(this.target, full, q.from, q.to, width)])
        : [];
    return q.tags.map((name): HistorySeries => {
      if (!full.includes(name)) {
        const s = byTag(rawSeries, name);
        return { name, mode: 'raw', points: s ? rowsToPoints(name, s) : [] };
      }
      const s = byTag(bucketSeries, name);
      return { name, mode: 'buckets', bucketMs: width, buckets: s ? rowsToBuckets(s) : [] };
    });
  }

  async lastSeqs(): Promise<Record<string, number>> {
    await this.ensureSchema();
    const [series] = await this.statements([maxSeqStatement(this.target)]);
    const out: Record<string, number> = {};
    for (const s of series ?? []) {
      const name = s.tags?.[TAG_KEY];
      const seq = s.values[0]?.[1];
      if (name !== undefined && typeof seq === 'number') out[name] = seq;
    }
    return out;
  }

  /** Answers whether the server responds to /ping within the timeout. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const [stat] = await this.client.ping(timeoutMs);
    return stat?.online === true;
  }

  health(): HistorianHealth {
    return { ...this.state };
  }

  async close(): Promise<void> {
    // Nothing to release: the client opens a request per call.
  }

  /** Runs statements in one request; answers each statement's series. */
  private async statements(stmts: string[]): Promise<InfluxSeries[][]> {
    let answer: RawAnswer;
    try {
      answer = (await this.client.queryRaw(stmts.join('; '), {
        database: this.target.database,
        precision: 'ms',
        method: 'POST',
      })) as RawAnswer;
    } catch (err) {
      throw this.failed(err);
    }
    if (answer.error) throw this.failed(new HistorianError(`InfluxDB: ${answer.error}`, false));
    const results = answer.results ?? [];
    const out: InfluxSeries[][] = [];
    for (const r of results) {
      if (r.error) throw this.failed(new HistorianError(`InfluxDB: ${r.error}`, false));
      out.push(r.series ?? []);
    }
    this.ok();
    return out;
  }

  private ok(): void {
    this.state = { backend: 'influxdb', state: 'ok', backlog: 0 };
  }

  private failed(err: unknown): HistorianError {
    const e = classifyInfluxError(err);
    if (e.transient) {
      this.state = { backend: 'influxdb', state: 'down', message: e.message, backlog: 0 };
      if (/database not found/i.test(e.message)) this.schemaReady = null;
    }
    return e;
  }
}

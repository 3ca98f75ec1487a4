// The InfluxDB 1.x historian: writes samples with their rollups as line protocol, answers queries (`influx` client).
import { InfluxDB, FieldType } from 'influx';
import type { ISchemaOptions } from 'influx';
import type {
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
import { HistorianError } from './historian.js';
import { classifyInfluxError } from './influx-errors.js';
import { LineRenderer } from './influx-line.js';
import { InfluxRollupKeeper } from './influx-rollup-keeper.js';
import type { InfluxSeries, StatementResult } from './influx-point.js';
import { rowsToPartials, rowsToPoints, samplesToPartials, seriesOf } from './influx-point.js';
import { InfluxWriter } from './influx-writer.js';
import { ensureSchema } from './influx-schema.js';
import { parseInfluxUrl } from './influx-url.js';
import type { InfluxTarget } from './influx-url.js';
import {
  FORMAT_MEASUREMENT,
  MEASUREMENT,
  META_RETENTION_POLICY,
  ORIGIN_KEY,
  TAG_KEY,
  maxSeqStatement,
  measurementOf,
  rawStatement,
  rowsStatement,
} from './influxql.js';
import { mergePartials, type PartialBucket } from './partial-bucket.js';
import { bucketStart, bucketWidth, checkQuery } from './query-plan.js';
import type { RollupRow } from './rollup-book.js';
import { RAW, ROLLUP_WIDTHS, planSegments } from './rollup-plan.js';

export interface InfluxHistorianOptions {
  /** e.g. http://127.0.0.1:8086/zld (database in the path; optional ?rp=…&retention=…). */
  url: string;
  /** Per-request timeout; a timed-out write is retried later under the same keys. Default 10 s. */
  requestTimeoutMs?: number;
  /** Answer from rollups where they fit (default). false: always from the raw samples (rollups are kept all the same). */
  queryRollups?: boolean;
  /** Write requests in flight at most (kept-alive connections). Default 4. */
  maxWriters?: number;
  /** How often the rollups of open intervals are written (memory answers for them meanwhile). Default 30 s. */
  openRollupsEveryMs?: number;
}

/** A write planned (rollups folded, lines made), waiting for its request. */
interface PlannedWrite {
  points: readonly HistoryPoint[];
  lines: string[];
  recompute: HistoryPoint[];
  /** The open rollup intervals it carries (written again later if it fails). */
  open: RollupRow[];
}

interface RawAnswer {
  results?: StatementResult[];
  error?: string;
}

/** Field types as the client must write them (rollups as SELECT … INTO writes them). */
const SCHEMA: ISchemaOptions[] = [
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
  ...ROLLUP_WIDTHS.map((w) => ({
    measurement: measurementOf(w),
    tags: [TAG_KEY],
    fields: {
      n: FieldType.INTEGER,
      nv: FieldType.INTEGER,
      sum: FieldType.FLOAT,
      min: FieldType.FLOAT,
      max: FieldType.FLOAT,
      last: FieldType.FLOAT,
      worst: FieldType.INTEGER,
      bad: FieldType.INTEGER,
    },
  })),
  { measurement: FORMAT_MEASUREMENT, tags: ['rp'], fields: { format: FieldType.STRING } },
];

/** After a network failure the client parks the host for this long; the forwarder does its own pacing. */
const shortBackoff = {
  getDelay: () => 100,
  next: () => shortBackoff,
  reset: () => shortBackoff,
};

/** Timeout of the requests that rebuild rollups (GUESS: an hour of samples of every tag). */
const MAINTENANCE_TIMEOUT_MS = 600_000;

function connect(t: InfluxTarget, requestTimeout: number): InfluxDB {
  return new InfluxDB({
    protocol: t.protocol,
    host: t.host,
    port: t.port,
    database: t.database,
    ...(t.username !== undefined ? { username: t.username, password: t.password ?? '' } : {}),
    pool: { maxRetries: 0, requestTimeout, backoff: shortBackoff },
    // Copies: the client writes its database into the objects it is given.
    schema: SCHEMA.map((m) => ({ ...m, database: t.database })),
  });
}

export class InfluxHistorian implements Historian {
  readonly target: InfluxTarget;
  private readonly client: InfluxDB;
  /** For rebuilding rollups, whose statements read whole hours or days. */
  private readonly maintenanceClient: InfluxDB;
  private readonly queryRollups: boolean;
  private schemaReady: Promise<void> | null = null;
  private state: HistorianHealth;
  /** Rollup widths kept in this retention policy, and their keeper (once the schema is ready). */
  private widths: readonly number[] = [];
  private keeper: InfluxRollupKeeper | null = null;
  /** Writes are planned one at a time (rollups folded in write order); their requests may overlap. */
  private planQueue: Promise<unknown> = Promise.resolve();
  private readonly writer: InfluxWriter;
  private readonly lines = new LineRenderer();
  private readonly openRollupsEveryMs: number | undefined;

  constructor(opts: InfluxHistorianOptions) {
    this.target = parseInfluxUrl(opts.url);
    this.queryRollups = opts.queryRollups !== false;
    this.openRollupsEveryMs = opts.openRollupsEveryMs;
    this.writer = new InfluxWriter(this.target, {
      timeoutMs: opts.requestTimeoutMs ?? 10_000,
      maxSockets: opts.maxWriters ?? 4,
    });
    this.client = connect(this.target, opts.requestTimeoutMs ?? 10_000);
    this.maintenanceClient = connect(this.target, MAINTENANCE_TIMEOUT_MS);
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

  /** Creates the database and retention policies when missing, builds missing rollups (retried after a failure). */
  ensureSchema(): Promise<void> {
    this.schemaReady ??= ensureSchema(
      {
        statements: (stmts) => this.statements(stmts),
        maintenance: (stmts) => this.request(stmts, this.maintenanceClient),
        writeFormat: (format) => this.writeFormat(format),
      },
      this.target,
    ).then(
      (widths) => {
        this.widths = widths;
        this.keeper = new InfluxRollupKeeper(
          this.target,
          widths,
          (stmts) => this.request(stmts),
          this.openRollupsEveryMs !== undefined ? { openEveryMs: this.openRollupsEveryMs } : {},
        );
      },
      (err: unknown) => {
        this.schemaReady = null;
        throw this.failed(err);
      },
    );
    return this.schemaReady;
  }

  /**
   * Stores the samples and the rollup intervals they fall in, exactly under replays: samples after
   * everything stored of their tag have their rollups folded in memory and written with them (closed
   * intervals at once, open ones now and then); the others (replays, late samples) have their intervals
   * recomputed from the stored samples once written. A failed write drops the state of its tags (the
   * open intervals of other tags it carried are written again later), and a refused one is recomputed
   * too, since InfluxDB may have kept part of it. Writes are planned one at a time; up to `maxWriters`
   * requests run at once.
   */
  write(points: readonly HistoryPoint[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    const planned = this.planQueue.then(() => this.plan(points));
    this.planQueue = planned.catch(() => undefined);
    return planned.then((p) => this.send(p));
  }

  private async plan(points: readonly HistoryPoint[]): Promise<PlannedWrite> {
    const lines = points.map((p) => this.lines.sample(p));
    await this.ensureSchema();
    const keeper = this.keeper;
    if (!keeper) throw new HistorianError('InfluxDB: schema not ready', true);
    try {
      const plan = await keeper.plan(points);
      for (const r of plan.rows) lines.push(this.rollupLine(r));
      return { points, lines, recompute: plan.recompute, open: plan.open };
    } catch (err) {
      keeper.forget(points);
      throw this.failed(err);
    }
  }

  private async send(w: PlannedWrite): Promise<void> {
    const keeper = this.keeper!;
    try {
      await this.writer.write(w.lines);
    } catch (err) {
      keeper.failed(w.points, w.open);
      const refused = this.failed(err);
      if (!refused.transient) await keeper.recompute(w.points).catch(() => undefined);
      throw refused;
    }
    try {
      if (w.recompute.length > 0) await keeper.recompute(w.recompute);
    } catch (err) {
      throw this.failed(err);
    }
    this.ok();
  }

  private rollupLine(r: RollupRow): string {
    return this.lines.rollup(r.tag, r.width, r.partial);
  }

  private async writeFormat(format: string): Promise<void> {
    const line = `${FORMAT_MEASUREMENT},rp=${this.target.retentionPolicy} format=${JSON.stringify(format)}`;
    try {
      await this.writer.write([line], META_RETENTION_POLICY);
    } catch (err) {
      throw this.failed(err);
    }
  }

  async query(query: HistoryQuery): Promise<HistorySeries[]> {
    const q = checkQuery(query);
    await this.ensureSchema();
    // First the buckets, by parts (rollups where they fit, raw samples at ragged edges), in one request.
    const width = bucketWidth(q.from, q.to, q.maxPoints);
    const segments = planSegments(q.from, q.to, width, this.queryRollups ? this.widths : []);
    const parts = await this.statements(
      segments.map((s) => rowsStatement(this.target, s.width, q.tags, s.from, s.to)),
    );
    const buckets = new Map(
      q.tags.map((name) => {
        const partials = parts.map((series, i) => {
          const seg = segments[i]!;
          const s = seriesOf(series, name);
          if (seg.width === RAW) return s ? samplesToPartials(s, width) : [];
          return this.withOpen(name, seg, s, width);
        });
        return [name, mergePartials(partials)];
      }),
    );
    // Their counts decide: a tag with fewer than maxPoints samples in the window is answered raw.
    const sparse = q.tags.filter(
      (name) => (buckets.get(name) ?? []).reduce((n, b) => n + b.count, 0) < q.maxPoints,
    );
    const [rawSeries = []] =
      sparse.length > 0
        ? await this.statements([rawStatement(this.target, sparse, q.from, q.to, q.maxPoints)])
        : [];
    return q.tags.map((name): HistorySeries => {
      if (sparse.includes(name)) {
        const s = seriesOf(rawSeries, name);
        return { name, mode: 'raw', points: s ? rowsToPoints(name, s) : [] };
      }
      return { name, mode: 'buckets', bucketMs: width, buckets: buckets.get(name) ?? [] };
    });
  }

  /**
   * A rollup part's partial buckets, with the tag's open interval of that width taken from memory
   * instead of its stored row (written only now and then, so it may be behind).
   */
  private withOpen(
    name: string,
    seg: { from: number; to: number; width: number },
    s: InfluxSeries | undefined,
    bucketMs: number,
  ): PartialBucket[] {
    const open = this.keeper?.openOf(name, seg.width) ?? null;
    const inPart = open !== null && open.t >= seg.from && open.t < seg.to;
    const at = s?.columns.indexOf('time') ?? -1;
    const rows = s && inPart ? { ...s, values: s.values.filter((v) => v[at] !== open.t) } : s;
    const out = rows ? rowsToPartials(rows, bucketMs) : [];
    if (inPart) out.push({ ...open, t: bucketStart(open.t, bucketMs) });
    return out;
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

  /** Writes the open intervals' rollups (so the store holds them exactly) and closes the connections. */
  async close(): Promise<void> {
    const keeper = this.keeper;
    if (keeper) {
      await this.planQueue;
      const open = keeper.takeOpen();
      if (open.length > 0)
        await this.writer.write(open.map((r) => this.rollupLine(r))).catch(() => undefined);
    }
    this.writer.close();
  }

  /** Runs statements in one request; answers each statement's series. */
  private async statements(stmts: string[]): Promise<InfluxSeries[][]> {
    const results = await this.request(stmts);
    const out: InfluxSeries[][] = [];
    for (const r of results) {
      if (r.error) throw this.failed(new HistorianError(`InfluxDB: ${r.error}`, false));
      if (r.partial || r.series?.some((s) => s.partial)) {
        throw new HistorianError(
          'InfluxDB cut the answer short (its max-row-limit): raise it',
          false,
        );
      }
      out.push(r.series ?? []);
    }
    return out;
  }

  /** Runs statements in one request (POST: SELECT … INTO needs it); answers each statement's result. */
  private async request(stmts: string[], client = this.client): Promise<StatementResult[]> {
    let answer: RawAnswer;
    try {
      answer = (await client.queryRaw(stmts.join('; '), {
        database: this.target.database,
        precision: 'ms',
        method: 'POST',
      })) as RawAnswer;
    } catch (err) {
      throw this.failed(err);
    }
    if (answer.error) throw this.failed(new HistorianError(`InfluxDB: ${answer.error}`, false));
    this.ok();
    return answer.results ?? [];
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

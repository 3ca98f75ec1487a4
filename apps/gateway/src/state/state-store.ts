// `state.sqlite` in the data dir: what must survive a restart or a kill -9 (command ids, sessions, the gateway's heartbeat).
import Database from 'better-sqlite3';

/** A command id as recorded: `result` is null while the command runs (or if the gateway died meanwhile). */
export interface CommandIdRow {
  id: string;
  fingerprint: string;
  /** Epoch ms of the first request. */
  at: number;
  /** The recorded answer (JSON), or null when none was recorded. */
  result: string | null;
}

/** A session as recorded: SHA-256 digests of its secrets, never the secrets. */
export interface SessionRow {
  ref: string;
  cookieDigest: string;
  tokenDigest: string;
  username: string;
  role: string;
  source: string;
  createdAt: number;
  expiresAt: number;
  lastActivity: number;
  /** A session open to MFA enrolment only (an engineer or admin without MFA under --production). */
  enrolmentOnly: boolean;
}

/** The last run as recorded: when it started, its last heartbeat, whether it stopped cleanly. */
export interface RunRecord {
  /** Epoch ms (wall clock) of the last heartbeat (or of the stop). */
  aliveAt: number;
  /** The history clock (plant time with `--clock plc`) at that heartbeat. */
  historyAt: number;
  /** Epoch ms of the start of that run. */
  startedAt: number;
  /** False while it runs; true once it stopped cleanly. */
  stopped: boolean;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS command_ids (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    at INTEGER NOT NULL,
    result TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS command_ids_at ON command_ids (at);
  CREATE TABLE IF NOT EXISTS sessions (
    ref TEXT PRIMARY KEY,
    cookie_digest TEXT NOT NULL UNIQUE,
    token_digest TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_activity INTEGER NOT NULL,
    enrolment_only INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS run_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    alive_at INTEGER NOT NULL,
    history_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    stopped INTEGER NOT NULL
  );
`;

/** The command-id table, for `CommandLedger`'s `store` option. */
export interface CommandIdStore {
  get(id: string): CommandIdRow | undefined;
  /** Records a new id (replacing an expired one). */
  put(row: Omit<CommandIdRow, 'result'>): void;
  /** Records the answer of an id. */
  settle(id: string, result: string): void;
  /** Forgets ids older than `before`, then the oldest beyond `maxEntries`. */
  prune(before: number, maxEntries: number): void;
  count(): number;
}

/** The session table, for `SessionManager`'s `store` option. */
export interface SessionStore {
  all(): SessionRow[];
  put(row: SessionRow): void;
  touch(ref: string, lastActivity: number): void;
  delete(ref: string): void;
}

/**
 * One SQLite file (WAL, synchronous=NORMAL: a committed row survives a process kill; a power loss may
 * lose the last transactions). Writes are synchronous and small.
 */
export class StateStore {
  private readonly db: Database.Database;
  readonly commandIds: CommandIdStore;
  readonly sessions: SessionStore;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const columns = this.db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'enrolment_only'))
      this.db.exec('ALTER TABLE sessions ADD COLUMN enrolment_only INTEGER NOT NULL DEFAULT 0');
    this.commandIds = this.commandIdStore();
    this.sessions = this.sessionStore();
  }

  /** The last run's record, or null on a first start. */
  lastRun(): RunRecord | null {
    const r = this.db.prepare('SELECT * FROM run_state WHERE id = 1').get() as
      { alive_at: number; history_at: number; started_at: number; stopped: number } | undefined;
    return r
      ? {
          aliveAt: r.alive_at,
          historyAt: r.history_at,
          startedAt: r.started_at,
          stopped: r.stopped === 1,
        }
      : null;
  }

  /** Records this run's heartbeat (or its clean stop). */
  saveRun(run: RunRecord): void {
    this.db
      .prepare(
        `INSERT INTO run_state (id, alive_at, history_at, started_at, stopped) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET alive_at = excluded.alive_at, history_at = excluded.history_at,
           started_at = excluded.started_at, stopped = excluded.stopped`,
      )
      .run(run.aliveAt, run.historyAt, run.startedAt, run.stopped ? 1 : 0);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private commandIdStore(): CommandIdStore {
    const db = this.db;
    const get = db.prepare('SELECT id, fingerprint, at, result FROM command_ids WHERE id = ?');
    const put = db.prepare(
      'INSERT OR REPLACE INTO command_ids (id, fingerprint, at, result) VALUES (?, ?, ?, NULL)',
    );
    const settle = db.prepare('UPDATE command_ids SET result = ? WHERE id = ?');
    const dropOld = db.prepare('DELETE FROM command_ids WHERE at < ?');
    const count = db.prepare('SELECT count(*) AS n FROM command_ids');
    const dropOver = db.prepare(
      'DELETE FROM command_ids WHERE id IN (SELECT id FROM command_ids ORDER BY at ASC LIMIT ?)',
    );
    return {
      get: (id) => get.get(id) as CommandIdRow | undefined,
      put: (r) => void put.run(r.id, r.fingerprint, r.at),
      settle: (id, result) => void settle.run(result, id),
      prune: (before, maxEntries) => {
        dropOld.run(before);
        const n = (count.get() as { n: number }).n;
        if (n > maxEntries) dropOver.run(n - maxEntries);
      },
      count: () => (count.get() as { n: number }).n,
    };
  }

  private sessionStore(): SessionStore {
    const db = this.db;
    const all = db.prepare('SELECT * FROM sessions ORDER BY created_at');
    const put = db.prepare(
      `INSERT OR REPLACE INTO sessions (ref, cookie_digest, token_digest, username, role, source,
         created_at, expires_at, last_activity, enrolment_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const touch = db.prepare('UPDATE sessions SET last_activity = ? WHERE ref = ?');
    const del = db.prepare('DELETE FROM sessions WHERE ref = ?');
    return {
      all: () =>
        (all.all() as Record<string, string | number>[]).map((r) => ({
          ref: String(r.ref),
          cookieDigest: String(r.cookie_digest),
          tokenDigest: String(r.token_digest),
          username: String(r.username),
          role: String(r.role),
          source: String(r.source),
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
          lastActivity: Number(r.last_activity),
          enrolmentOnly: Number(r.enrolment_only) === 1,
        })),
      put: (s) =>
        void put.run(
          s.ref,
          s.cookieDigest,
          s.tokenDigest,
          s.username,
          s.role,
          s.source,
          s.createdAt,
          s.expiresAt,
          s.lastActivity,
          s.enrolmentOnly ? 1 : 0,
        ),
      touch: (ref, at) => void touch.run(at, ref),
      delete: (ref) => void del.run(ref),
    };
  }
}

// The alarm journal and engine state in SQLite (WAL): every state change appended with who, when and why; queryable by window.
import type { AlarmEvent, AlarmState, EngineState } from '@zld/alarms';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface JournalQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** At most this many events, oldest first (-1: all). */
  limit: number;
  /** Only this alarm's events. */
  alarmId?: string;
}

/** The file name of the journal inside the gateway's data folder. */
export const ALARM_JOURNAL_FILE = 'alarms.sqlite';

interface EventRow {
  event: string;
}

/**
 * Three tables: `alarm_event` (the journal, one row per state change, keyed by its sequence number,
 * indexed by time), `alarm_state` (one row per alarm: the engine's state as JSON) and `alarm_meta`
 * (the last sequence number issued). `append` writes the events of one engine call and the state of
 * the alarms they touched in one transaction, so the journal and the restored state never disagree
 * on a sequence number. Timer progress without an event (a running on-delay) is saved by `saveState`,
 * which the service calls now and then and at stop.
 */
export class AlarmJournal {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly setSeq: Database.Statement;
  private readonly appendTx: (events: readonly AlarmEvent[], states: readonly AlarmState[]) => void;
  private readonly saveTx: (state: EngineState) => void;

  /** `path`: the SQLite file (its folder is created), or `:memory:`. */
  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS alarm_event (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        alarm_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        user TEXT,
        event TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS alarm_event_ts ON alarm_event (ts);
      CREATE INDEX IF NOT EXISTS alarm_event_alarm ON alarm_event (alarm_id, ts);
      CREATE TABLE IF NOT EXISTS alarm_state (id TEXT PRIMARY KEY, state TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS alarm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.insertEvent = this.db.prepare(
      'INSERT INTO alarm_event (seq, ts, alarm_id, kind, user, event) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.upsertState = this.db.prepare(
      'INSERT INTO alarm_state (id, state) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state',
    );
    this.setSeq = this.db.prepare(
      "INSERT INTO alarm_meta (key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.appendTx = this.db.transaction((events, states) => {
      let seq = 0;
      for (const e of events) {
        this.insertEvent.run(e.seq, e.ts, e.alarmId, e.kind, e.user ?? null, JSON.stringify(e));
        seq = Math.max(seq, e.seq);
      }
      for (const st of states) this.upsertState.run(st.id, JSON.stringify(st));
      if (seq > 0) this.setSeq.run(String(seq));
    });
    this.saveTx = this.db.transaction((state: EngineState) => {
      for (const st of Object.values(state.alarms)) this.upsertState.run(st.id, JSON.stringify(st));
      this.setSeq.run(String(state.seq));
    });
  }

  /** Opens `<dataDir>/alarms.sqlite`. */
  static inDataDir(dataDir: string): AlarmJournal {
    return new AlarmJournal(join(dataDir, ALARM_JOURNAL_FILE));
  }

  /** Appends the events of one engine call and the states of the alarms they changed, atomically. */
  append(events: readonly AlarmEvent[], states: readonly AlarmState[]): void {
    if (events.length === 0 && states.length === 0) return;
    this.appendTx(events, states);
  }

  /** Saves the whole engine state (timers included). */
  saveState(state: EngineState): void {
    this.saveTx(state);
  }

  /**
   * The saved engine state, or undefined when nothing was saved yet. Its sequence number is at least the
   * journal's highest, so a restored engine never issues a number the journal already holds.
   */
  loadState(): EngineState | undefined {
    const rows = this.db.prepare('SELECT id, state FROM alarm_state').all() as {
      id: string;
      state: string;
    }[];
    const meta = this.db.prepare("SELECT value FROM alarm_meta WHERE key = 'seq'").get() as
      { value: string } | undefined;
    const seq = Math.max(Number(meta?.value ?? 0), this.lastSeq());
    if (rows.length === 0 && seq === 0) return undefined;
    const alarms: Record<string, AlarmState> = {};
    for (const r of rows) alarms[r.id] = JSON.parse(r.state) as AlarmState;
    return { version: 1, seq, alarms };
  }

  /** The highest sequence number in the journal (0 when empty). */
  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM alarm_event').get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /** Events with from <= ts < to, in sequence order, at most `limit`. */
  query(q: JournalQuery): AlarmEvent[] {
    const rows = (
      q.alarmId === undefined
        ? this.db
            .prepare('SELECT event FROM alarm_event WHERE ts >= ? AND ts < ? ORDER BY seq LIMIT ?')
            .all(q.from, q.to, q.limit)
        : this.db
            .prepare(
              'SELECT event FROM alarm_event WHERE alarm_id = ? AND ts >= ? AND ts < ? ORDER BY seq LIMIT ?',
            )
            .all(q.alarmId, q.from, q.to, q.limit)
    ) as EventRow[];
    return rows.map((r) => JSON.parse(r.event) as AlarmEvent);
  }

  /** How many events the journal holds. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM alarm_event').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

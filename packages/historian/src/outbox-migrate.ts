// Moves points buffered by the older outbox (a row per point) into batch rows, keeping their order.
import type Database from 'better-sqlite3';
import type { HistoryPoint } from './historian.js';
import { encodeBatch } from './outbox-codec.js';

const CHUNK = 5000;

const exists = (db: Database.Database, table: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !==
  undefined;

/** Once, in one transaction: the old `outbox` and `quarantine` tables become batches; then they are dropped. */
export function migrateOutbox(db: Database.Database): void {
  const queued = exists(db, 'outbox');
  const quarantined = exists(db, 'quarantine');
  if (!queued && !quarantined) return;
  db.transaction(() => {
    if (queued) {
      const rows = db.prepare('SELECT point, enqueued_at FROM outbox ORDER BY id').all() as {
        point: string;
        enqueued_at: number;
      }[];
      const insert = db.prepare(
        'INSERT INTO batches (points, payload, enqueued_at) VALUES (?, ?, ?)',
      );
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const points = chunk.map((r) => JSON.parse(r.point) as HistoryPoint);
        insert.run(points.length, encodeBatch(points), chunk[0]!.enqueued_at);
      }
      db.exec('DROP TABLE outbox');
    }
    if (quarantined) {
      const rows = db
        .prepare(
          'SELECT batch, point, enqueued_at, attempts, error, quarantined_at FROM quarantine ORDER BY id',
        )
        .all() as {
        batch: string;
        point: string;
        enqueued_at: number;
        attempts: number;
        error: string;
        quarantined_at: number;
      }[];
      const byBatch = new Map<string, typeof rows>();
      for (const r of rows) byBatch.set(r.batch, [...(byBatch.get(r.batch) ?? []), r]);
      // Ids come from the batches table, so a retried batch goes back to a place no batch holds.
      const take = db.prepare(
        'INSERT INTO batches (points, payload, enqueued_at) VALUES (?, ?, ?)',
      );
      const move = db.prepare(
        `INSERT INTO quarantined (id, batch, points, payload, enqueued_at, attempts, error, quarantined_at)
         SELECT id, ?, points, payload, enqueued_at, ?, ?, ? FROM batches WHERE id = ?`,
      );
      const drop = db.prepare('DELETE FROM batches WHERE id = ?');
      for (const [batch, list] of byBatch) {
        const first = list[0]!;
        const points = list.map((r) => JSON.parse(r.point) as HistoryPoint);
        const id = take.run(points.length, encodeBatch(points), first.enqueued_at).lastInsertRowid;
        move.run(batch, first.attempts, first.error, first.quarantined_at, id);
        drop.run(id);
      }
      db.exec('DROP TABLE quarantine');
    }
  })();
}

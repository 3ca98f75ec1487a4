// Command ids: a retry with the same id returns the first result and never executes twice (bounded; optionally on disk).
import type { CommandIdStore } from '../state/state-store.js';

export interface LedgerOptions {
  /** Ids remembered at most; the oldest are forgotten first (default 10,000). */
  maxEntries?: number;
  /** How long an id is remembered (default 24 h). */
  ttlMs?: number;
}

/** Where ids and their results are kept across a restart, and how a result is written there. */
export interface LedgerPersistence<T> {
  store: CommandIdStore;
  encode(result: T): string;
  decode(text: string): T;
  /** The answer for an id whose command was running when the gateway stopped (no result recorded). */
  interrupted(id: string): T;
}

interface Entry<T> {
  fingerprint: string;
  at: number;
  result: Promise<T>;
}

export type LedgerAnswer<T> =
  | { kind: 'first'; result: Promise<T> }
  | { kind: 'duplicate'; result: Promise<T> }
  | { kind: 'conflict' };

/**
 * `run(id, fingerprint, now, execute)` executes once per id. A retry while the first is still running
 * waits for the same result. The fingerprint (user, point, value) must match: an id reused for a
 * different command, or by another user, is a conflict and learns nothing of the first.
 *
 * With `persistence`, each id is recorded (fingerprint, time) before the command starts and its result
 * when it ends, so a retry after a restart (even a kill -9) gets the recorded result, and an id whose
 * command was cut short by the stop gets `interrupted(id)`: in no case does it execute again.
 */
export class CommandLedger<T> {
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry<T>>();
  private readonly persistence: LedgerPersistence<T> | undefined;

  constructor(options: LedgerOptions = {}, persistence?: LedgerPersistence<T>) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.persistence = persistence;
  }

  run(id: string, fingerprint: string, now: number, execute: () => Promise<T>): LedgerAnswer<T> {
    const known = this.entries.get(id);
    if (known && now - known.at < this.ttlMs) {
      return known.fingerprint === fingerprint
        ? { kind: 'duplicate', result: known.result }
        : { kind: 'conflict' };
    }
    if (known) this.entries.delete(id);
    const p = this.persistence;
    const row = p?.store.get(id);
    if (p && row && now - row.at < this.ttlMs) {
      if (row.fingerprint !== fingerprint) return { kind: 'conflict' };
      const result = row.result === null ? p.interrupted(id) : p.decode(row.result);
      return { kind: 'duplicate', result: Promise.resolve(result) };
    }
    this.prune(now);
    // Recorded before the command starts: a command whose id cannot be recorded is not sent.
    p?.store.put({ id, fingerprint, at: now });
    const result = execute();
    this.entries.set(id, { fingerprint, at: now, result });
    if (p)
      result.then(
        (r) => {
          try {
            p.store.settle(id, p.encode(r));
          } catch {
            // The store is closed (a stop): the id stays recorded without a result, as interrupted.
          }
        },
        () => undefined,
      );
    return { kind: 'first', result };
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [id, e] of this.entries) {
      if (this.entries.size < this.maxEntries && now - e.at < this.ttlMs) break;
      this.entries.delete(id);
    }
    this.persistence?.store.prune(now - this.ttlMs, this.maxEntries - 1);
  }
}

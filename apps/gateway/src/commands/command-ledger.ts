// Command ids: a retry with the same id returns the first result and never executes twice (bounded, in memory).

export interface LedgerOptions {
  /** Ids remembered at most; the oldest are forgotten first (default 10,000). */
  maxEntries?: number;
  /** How long an id is remembered (default 24 h). */
  ttlMs?: number;
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
 */
export class CommandLedger<T> {
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry<T>>();

  constructor(options: LedgerOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
  }

  run(id: string, fingerprint: string, now: number, execute: () => Promise<T>): LedgerAnswer<T> {
    const known = this.entries.get(id);
    if (known && now - known.at < this.ttlMs) {
      return known.fingerprint === fingerprint
        ? { kind: 'duplicate', result: known.result }
        : { kind: 'conflict' };
    }
    if (known) this.entries.delete(id);
    this.prune(now);
    const result = execute();
    this.entries.set(id, { fingerprint, at: now, result });
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
  }
}

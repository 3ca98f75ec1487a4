// Fans tag changes out to live clients: coalesced per client by tag, paced, one batch in flight at a time.
import type { TagValueDto } from '@zld/api';
import type { TagValue } from '@zld/tags';
import { toTagValueDto } from '../tags/tag-dtos.js';

/** One connected client, as the hub sees it (a socket.io socket in production). */
export interface LiveChannel {
  /** True while the last batch has not yet left the gateway (still in the transport's buffers). */
  busy(): boolean;
  send(batch: TagValueDto[]): void;
}

export interface LiveHubOptions {
  /** At most this many batches per second per client (default 10). */
  maxBatchesPerSecond?: number;
  /** A monotonic millisecond clock for pacing (default performance.now). */
  now?: () => number;
}

export interface LiveHubStats {
  clients: number;
  /** Batches and values sent (snapshots included). */
  batches: number;
  values: number;
  /** Changes that replaced a value still pending for a client (coalesced away). */
  coalesced: number;
  /** Times a due batch waited because the client's previous one was still in flight. */
  deferred: number;
}

interface Client {
  channel: LiveChannel;
  /** dirty[i] = 1 while tag i is pending; pending[0..count) are those indices, in order of first change. */
  dirty: Uint8Array;
  pending: Int32Array;
  count: number;
  lastSent: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Memory per client is bounded by the number of tags, whatever the client's speed:
 * - each client has a pending set keyed by tag index (two typed arrays of the tag count); a change to a
 *   tag already pending only replaces the shared latest value, so a slow client sees the latest value of
 *   each tag, never a backlog of old ones;
 * - a batch is sent at most every 1/maxBatchesPerSecond s (leading edge: a lone change goes out at once);
 * - a batch is not sent while the client's previous one is still in the transport's buffers (`busy()`:
 *   the socket has not flushed it to the operating system, or a long-polling client has not fetched it).
 *   The hub then retries at the pace interval, so at most one batch per client is ever queued in the
 *   gateway, and its size is at most one value per tag.
 * The DTO of a change is made once (in `publish`) and shared by every client's batch.
 */
export class LiveHub {
  private readonly indexByName: ReadonlyMap<string, number>;
  private readonly latest: (TagValueDto | undefined)[];
  private readonly changed: Int32Array;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly clients = new Set<Client>();
  private stopped = false;
  private readonly counts = { batches: 0, values: 0, coalesced: 0, deferred: 0 };

  constructor(tagNames: readonly string[], options: LiveHubOptions = {}) {
    this.indexByName = new Map(tagNames.map((n, i) => [n, i] as const));
    this.latest = new Array<TagValueDto | undefined>(tagNames.length);
    this.changed = new Int32Array(tagNames.length);
    this.intervalMs = 1000 / (options.maxBatchesPerSecond ?? 10);
    this.now = options.now ?? (() => performance.now());
  }

  /** A coalesced batch of changes from the runtime. */
  publish(changes: readonly TagValue[]): void {
    if (this.stopped) return;
    let n = 0;
    for (const v of changes) {
      const i = this.indexByName.get(v.name);
      if (i === undefined) continue;
      this.latest[i] = toTagValueDto(v);
      this.changed[n++] = i;
    }
    if (n === 0) return;
    for (const c of this.clients) {
      for (let k = 0; k < n; k++) {
        const i = this.changed[k]!;
        if (c.dirty[i] === 1) this.counts.coalesced++;
        else {
          c.dirty[i] = 1;
          c.pending[c.count++] = i;
        }
      }
      this.schedule(c);
    }
  }

  /** Sends `snapshot` to the new client at once, then its changes; answers the detach function. */
  attach(channel: LiveChannel, snapshot: TagValueDto[]): () => void {
    const size = this.latest.length;
    const c: Client = {
      channel,
      dirty: new Uint8Array(size),
      pending: new Int32Array(size),
      count: 0,
      lastSent: this.now(),
      timer: null,
    };
    this.clients.add(c);
    this.counts.batches++;
    this.counts.values += snapshot.length;
    channel.send(snapshot);
    return () => this.detach(c);
  }

  stats(): LiveHubStats {
    return { clients: this.clients.size, ...this.counts };
  }

  /** Detaches every client and cancels every timer. */
  stop(): void {
    this.stopped = true;
    for (const c of [...this.clients]) this.detach(c);
  }

  private detach(c: Client): void {
    if (c.timer !== null) clearTimeout(c.timer);
    c.timer = null;
    this.clients.delete(c);
  }

  private schedule(c: Client): void {
    if (c.timer !== null || c.count === 0) return;
    const delay = Math.max(0, c.lastSent + this.intervalMs - this.now());
    c.timer = setTimeout(() => this.send(c), delay);
  }

  private send(c: Client): void {
    c.timer = null;
    if (!this.clients.has(c) || c.count === 0) return;
    if (c.channel.busy()) {
      this.counts.deferred++;
      c.timer = setTimeout(() => this.send(c), this.intervalMs);
      return;
    }
    const batch = new Array<TagValueDto>(c.count);
    for (let k = 0; k < c.count; k++) {
      const i = c.pending[k]!;
      batch[k] = this.latest[i]!;
      c.dirty[i] = 0;
    }
    c.count = 0;
    c.lastSent = this.now();
    this.counts.batches++;
    this.counts.values += batch.length;
    c.channel.send(batch);
  }
}

// Bounded concurrency for password checks: a few scrypt runs at a time, a short queue, the rest refused at once.

export interface HashGatePolicy {
  /** Password checks running at once (scrypt runs on libuv's thread pool, off the event loop). */
  concurrency: number;
  /** Of those, places only priority attempts may take: a flood of strangers never fills them. */
  reserved: number;
  /** Ordinary attempts waiting at most; beyond, an attempt is refused at once. */
  queue: number;
  /** Priority attempts (a source the user logged in from) waiting at most, ahead of ordinary ones. */
  priorityQueue: number;
}

/**
 * 2 at a time leaves libuv's other threads (4 by default) to file and DNS work, and one of the two
 * is kept for known sources, so their check never waits behind strangers'; 3 waiting ordinary
 * attempts bound a stranger's wait to about four hash times; 16 priority places for known sources.
 */
export const DEFAULT_HASH_GATE_POLICY: HashGatePolicy = {
  concurrency: 2,
  reserved: 1,
  queue: 3,
  priorityQueue: 16,
};

/** The gate was full: the attempt was not checked (429, retry shortly). */
export class HashGateBusyError extends Error {
  constructor() {
    super('login service busy: too many password checks waiting');
    this.name = 'HashGateBusyError';
  }
}

interface Waiter {
  start: () => void;
}

/**
 * A login flood cannot grow a queue without bound, so a real login waits for at most the checks
 * ahead of it: ordinary attempts beyond `queue` are refused with `HashGateBusyError`, and attempts
 * from known sources go ahead of every ordinary one.
 */
export class HashGate {
  readonly policy: HashGatePolicy;
  private running = 0;
  private ordinaryRunning = 0;
  private readonly priority: Waiter[] = [];
  private readonly ordinary: Waiter[] = [];

  constructor(policy: Partial<HashGatePolicy> = {}) {
    this.policy = { ...DEFAULT_HASH_GATE_POLICY, ...policy };
    if (this.policy.reserved >= this.policy.concurrency)
      throw new Error('a hash gate needs a place for ordinary attempts: reserved < concurrency');
  }

  /** Runs `check` when a place is free; rejects with `HashGateBusyError` when the queue is full. */
  async run<T>(check: () => Promise<T>, priority = false): Promise<T> {
    if (this.mayStart(priority)) this.take(priority);
    else {
      const [queue, max] = priority
        ? [this.priority, this.policy.priorityQueue]
        : [this.ordinary, this.policy.queue];
      if (queue.length >= max) throw new HashGateBusyError();
      // The place is taken for the waiter when it is woken (see `next`).
      await new Promise<void>((resolve) => queue.push({ start: resolve }));
    }
    try {
      return await check();
    } finally {
      this.running--;
      if (!priority) this.ordinaryRunning--;
      this.next();
    }
  }

  /** Checks running and waiting (for tests and metrics). */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.priority.length + this.ordinary.length };
  }

  private mayStart(priority: boolean): boolean {
    if (this.running >= this.policy.concurrency) return false;
    if (priority) return true;
    return (
      this.priority.length === 0 &&
      this.ordinaryRunning < this.policy.concurrency - this.policy.reserved
    );
  }

  private take(priority: boolean): void {
    this.running++;
    if (!priority) this.ordinaryRunning++;
  }

  private next(): void {
    while (this.priority.length > 0 && this.mayStart(true)) {
      this.take(true);
      this.priority.shift()!.start();
    }
    while (this.ordinary.length > 0 && this.mayStart(false)) {
      this.take(false);
      this.ordinary.shift()!.start();
    }
  }
}

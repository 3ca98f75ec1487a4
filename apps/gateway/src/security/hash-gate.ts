// Bounded concurrency for password checks: a few scrypt runs at a time, a short queue, the rest refused at once.

export interface HashGatePolicy {
  /** Password checks running at once (scrypt runs on libuv's thread pool, off the event loop). */
  concurrency: number;
  /** Ordinary attempts waiting at most; beyond, an attempt is refused at once. */
  queue: number;
  /** Priority attempts (a source the user logged in from) waiting at most, ahead of ordinary ones. */
  priorityQueue: number;
}

/**
 * 2 at a time leaves libuv's other threads (4 by default) to file and DNS work; 4 waiting ordinary
 * attempts bound a stranger's wait to about three hash times; 16 priority places for known sources.
 */
export const DEFAULT_HASH_GATE_POLICY: HashGatePolicy = {
  concurrency: 2,
  queue: 4,
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
  private readonly priority: Waiter[] = [];
  private readonly ordinary: Waiter[] = [];

  constructor(policy: Partial<HashGatePolicy> = {}) {
    this.policy = { ...DEFAULT_HASH_GATE_POLICY, ...policy };
  }

  /** Runs `check` when a place is free; rejects with `HashGateBusyError` when the queue is full. */
  async run<T>(check: () => Promise<T>, priority = false): Promise<T> {
    if (this.running >= this.policy.concurrency) {
      const [queue, max] = priority
        ? [this.priority, this.policy.priorityQueue]
        : [this.ordinary, this.policy.queue];
      if (queue.length >= max) throw new HashGateBusyError();
      await new Promise<void>((resolve) => queue.push({ start: resolve }));
    } else {
      this.running++;
    }
    try {
      return await check();
    } finally {
      const next = this.priority.shift() ?? this.ordinary.shift();
      // The place passes to the next waiter; `running` stays counted.
      if (next) next.start();
      else this.running--;
    }
  }

  /** Checks running and waiting (for tests and metrics). */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.priority.length + this.ordinary.length };
  }
}

// Watches one OPC UA session and its subscription from the outside, and says once, with a reason, when
// they are dead: node-opcua's own repair stops silently on some server answers (see the driver).
import type { ClientSession, ClientSubscription, DataValue, StatusCode } from 'node-opcua';
import { AttributeIds } from 'node-opcua';
import { DeadlineError, withDeadline } from '../kernel/deadline.js';

/** Server_ServerStatus_StartTime and Server_ServerStatus_State (namespace 0). */
const START_TIME = 'i=2257';
const SERVER_STATE = 'i=2259';
const RUNNING = 0;

export interface SessionWatchOptions {
  /** Longest silence of the subscription (neither data nor keep-alive) before it counts as dead. */
  publishSilenceMs: number;
  /** How often the server's status (start time, state) is read through the session. */
  probeMs: number;
  /** Deadline of one status read; two missed in a row: the session is dead. */
  timeoutMs: number;
  /** Called once: the session or its subscription is dead, and why. */
  onDead(reason: string): void;
  /** Called once, at the first publish answer (data or keep-alive): the session works. */
  onHealthy?(): void;
  /** The server's state is not Running (it answers, but says it is failed, shutting down, ...). */
  onServerState?(state: number): void;
  now?: () => number;
}

/** The status name of a service error (`BadSessionIdInvalid`), else the error's message. */
export function serviceErrorText(err: unknown): string {
  const e = err as {
    response?: { responseHeader?: { serviceResult?: StatusCode } };
    message?: string;
  };
  return e.response?.responseHeader?.serviceResult?.name ?? e.message ?? String(err);
}

/** A connection step bounded in time; its error names the step and the server's status if it sent one. */
export async function step<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  try {
    return await withDeadline(p, ms);
  } catch (err) {
    throw new Error(`${what}: ${serviceErrorText(err)}`, { cause: err });
  }
}

export class SessionWatch {
  private readonly now: () => number;
  private lastPublish: number;
  private lastProbe: number;
  private startTime: number | null = null;
  private probing = false;
  private missedProbes = 0;
  private healthy = false;
  private done = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly session: ClientSession,
    private readonly subscription: ClientSubscription | null,
    private readonly o: SessionWatchOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.lastPublish = this.now();
    this.lastProbe = this.now();
  }

  /** Reads the server's start time (the reference for later reads) and starts watching. */
  async start(): Promise<void> {
    this.on(this.session, 'session_closed', (sc?: StatusCode) =>
      this.die(`the server closed the session${sc?.name ? ` (${sc.name})` : ''}`),
    );
    this.on(this.session, 'keepalive_failure', () => this.die('session keep-alive failed'));
    const sub = this.subscription;
    if (sub) {
      const published = () => this.published();
      this.on(sub, 'keepalive', published);
      this.on(sub, 'raw_notification', published);
      this.on(sub, 'terminated', () => this.die('the subscription was terminated'));
      this.on(sub, 'internal_error', (err: Error) => this.die(`subscription: ${err.message}`));
      this.on(sub, 'error', (err: Error) => this.die(`subscription: ${serviceErrorText(err)}`));
      this.on(sub, 'status_changed', (sc: StatusCode) => {
        if (!sc.isGood()) this.die(`subscription status ${sc.name}`);
      });
    }
    await this.probe();
    const tick = Math.max(50, Math.min(this.o.probeMs, this.o.publishSilenceMs / 4));
    this.timer = setInterval(() => this.tick(), tick);
    this.timer.unref();
  }

  stop(): void {
    this.done = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.detach.splice(0)) off();
  }

  private on(
    emitter: ClientSession | ClientSubscription,
    event: string,
    fn: (...args: never[]) => void,
  ): void {
    const e = emitter as unknown as NodeJS.EventEmitter;
    e.on(event, fn as (...args: unknown[]) => void);
    this.detach.push(() => e.removeListener(event, fn as (...args: unknown[]) => void));
  }

  private published(): void {
    this.lastPublish = this.now();
    if (this.healthy || this.done) return;
    this.healthy = true;
    this.o.onHealthy?.();
  }

  private tick(): void {
    if (this.done) return;
    const t = this.now();
    if (this.subscription && t - this.lastPublish > this.o.publishSilenceMs) {
      this.die(`no publish answer (data or keep-alive) for ${t - this.lastPublish} ms`);
      return;
    }
    if (!this.probing && t - this.lastProbe >= this.o.probeMs) void this.probe();
  }

  /** Reads start time and state: a service error or a new start time is a dead session. */
  private async probe(): Promise<void> {
    this.probing = true;
    this.lastProbe = this.now();
    let dvs: DataValue[];
    try {
      dvs = await withDeadline(
        this.session.read(
          [START_TIME, SERVER_STATE].map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
        ),
        this.o.timeoutMs,
      );
    } catch (err) {
      this.probing = false;
      if (this.done) return;
      if (err instanceof DeadlineError && ++this.missedProbes < 2) return;
      this.die(
        err instanceof DeadlineError
          ? `the server did not answer two status reads within ${this.o.timeoutMs} ms`
          : `status read refused: ${serviceErrorText(err)}`,
      );
      return;
    }
    this.probing = false;
    this.missedProbes = 0;
    if (this.done) return;
    const [start, state] = dvs;
    const startMs = start?.value.value instanceof Date ? start.value.value.getTime() : null;
    if (this.startTime === null) this.startTime = startMs;
    else if (startMs !== null && startMs !== this.startTime) {
      this.die(`the server restarted (start time ${new Date(startMs).toISOString()})`);
      return;
    }
    const s = state?.value.value;
    if (typeof s === 'number' && s !== RUNNING) this.o.onServerState?.(s);
  }

  private die(reason: string): void {
    if (this.done) return;
    this.stop();
    this.o.onDead(reason);
  }
}

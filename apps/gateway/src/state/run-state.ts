// The gateway's own start and stop: audited, a heartbeat on disk, and a history gap marker for the time it was down.
import type { Clock } from '@zld/tags';
import type { AuditSink } from '../audit/audit-store.js';
import type { StateStore } from './state-store.js';

export interface RunStateOptions {
  state: StateStore;
  audit: AuditSink;
  /** Real time: the heartbeat and the audit. */
  wall: Clock;
  /** The history's clock (plant time with `--clock plc`): the gap marker's time. */
  historyClock: Clock;
  /** Whether the history clock is the wall clock (then a marker is never later than now). */
  historyIsWall: boolean;
  /** What the start record names. */
  info: { version: string; plantId: string; plantVersion: string };
  /** Writes a gap marker for every tag at this time of the history clock (`HistoryService.markGap`). */
  markGap?: (at: number) => void;
  /** How often the heartbeat is written (default 5 s). */
  heartbeatMs?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A service of the gateway's life cycle, started after the history and before the runtime, stopped
 * after the runtime. At start it reads the previous run's record in `state.sqlite`: a run that did not
 * stop cleanly (kill -9, power loss, crash) is audited as `unclean-stop` with its last heartbeat; then a
 * gap marker goes into the history at the last time the previous run can have recorded a sample (its
 * stop, or after a kill the end of its last heartbeat period), and `gateway-start` is audited. While it
 * runs it writes a heartbeat; at stop a last one, marked clean, and `gateway-stop` with the reason.
 */
export class RunState {
  /** Why the gateway stops (the signal); set by the entry module before it stops the gateway. */
  stopReason = 'stopped';
  private timer: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  private readonly heartbeatMs: number;

  constructor(private readonly o: RunStateOptions) {
    this.heartbeatMs = o.heartbeatMs ?? 5000;
  }

  start(): void {
    const { state, audit, wall, info } = this.o;
    const prior = state.lastRun();
    this.startedAt = wall.now();
    if (prior && !prior.stopped)
      audit.record({
        category: 'system',
        action: 'unclean-stop',
        outcome: 'failure',
        reason: 'the previous run ended without a stop (killed, crashed or power lost)',
        details: {
          lastAlive: iso(prior.aliveAt),
          startedAt: iso(prior.startedAt),
          downS: Math.round((this.startedAt - prior.aliveAt) / 1000),
        },
      });
    if (prior && this.o.markGap) {
      let at = prior.stopped ? prior.historyAt : prior.historyAt + this.heartbeatMs;
      if (this.o.historyIsWall) at = Math.min(at, this.o.historyClock.now() - 1);
      this.o.markGap(at);
    }
    audit.record({
      category: 'system',
      action: 'gateway-start',
      outcome: 'success',
      newValue: { version: info.version, plant: info.plantId, plantVersion: info.plantVersion },
      ...(prior ? { details: { previousRunLastAlive: iso(prior.aliveAt) } } : {}),
    });
    this.beat(false);
    this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.beat(true);
    this.o.audit.record({
      category: 'system',
      action: 'gateway-stop',
      outcome: 'success',
      reason: this.stopReason,
      details: { upS: Math.round((this.o.wall.now() - this.startedAt) / 1000) },
    });
  }

  /** Writes the heartbeat now (the timer does, every `heartbeatMs`). */
  heartbeat(): void {
    try {
      this.beat(false);
    } catch {
      // A failed heartbeat only makes the next start's gap begin earlier.
    }
  }

  private beat(stopped: boolean): void {
    this.o.state.saveRun({
      aliveAt: this.o.wall.now(),
      historyAt: this.o.historyClock.now(),
      startedAt: this.startedAt,
      stopped,
    });
  }
}

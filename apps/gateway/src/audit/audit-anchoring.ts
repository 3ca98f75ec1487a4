// Anchors the audit trail's head every few minutes, at start and at stop: the anchor file, an application log line and a historian series.
import type { Historian } from '@zld/historian';
import type { Clock } from '@zld/tags';
import type { AuditAnchor } from './audit-anchors.js';

/** The historian series of the anchored head seq (not a plant tag: written by the gateway only). */
export const AUDIT_HEAD_SERIES = 'SYS.AUDIT.HEAD_SEQ';
export const DEFAULT_ANCHOR_EVERY_MS = 5 * 60_000;

export interface AuditAnchoringOptions {
  /** The audit store (`anchor()` appends the signed head to the anchor file and answers it). */
  store: { anchor(): AuditAnchor };
  /** The application log: one info line per anchor. */
  log: { info(message: string): void; warn(message: string): void };
  /** The historian the gateway records to (`HistoryService.historian`); none: log and file only. */
  historian?: Pick<Historian, 'write' | 'lastSeqs'>;
  /** Wall time, for the historian point. */
  clock: Clock;
  /** Default 5 min; 0: only at start, at stop and when `anchorNow()` is called. */
  everyMs?: number;
}

/**
 * Three places outside the audit database hold the head, so a trail cut short or rebuilt shows: the
 * anchor file (checked by every verification), the application log (`audit anchor {...}`, kept by
 * whatever collects the log) and the historian series `SYS.AUDIT.HEAD_SEQ` (the head seq; with
 * InfluxDB on another machine). A failure to anchor is logged; the gateway keeps running.
 */
export class AuditAnchoring {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastTs = 0;
  /** The series' own sequence number (1, 2, ... across restarts, as every series has); null until read. */
  private pointSeq: number | null = null;

  constructor(private readonly o: AuditAnchoringOptions) {}

  async start(): Promise<void> {
    if (this.o.historian) {
      try {
        this.pointSeq = (await this.o.historian.lastSeqs())[AUDIT_HEAD_SERIES] ?? 0;
      } catch (err) {
        this.o.log.warn(
          `audit anchor: the historian's last seq is unknown: ${(err as Error).message}`,
        );
      }
    }
    await this.anchorNow();
    const every = this.o.everyMs ?? DEFAULT_ANCHOR_EVERY_MS;
    if (every > 0 && this.timer === null) {
      this.timer = setInterval(() => this.anchorNow(), every);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.anchorNow();
  }

  /** Takes an anchor now; resolves once the historian has it (never rejects). */
  async anchorNow(): Promise<AuditAnchor | null> {
    let anchor: AuditAnchor;
    try {
      anchor = this.o.store.anchor();
    } catch (err) {
      this.o.log.warn(`audit anchor failed: ${(err as Error).message}`);
      return null;
    }
    const { time, seq, mac, records } = anchor;
    this.o.log.info(`audit anchor ${JSON.stringify({ time, seq, mac, records })}`);
    if (this.o.historian) {
      const ts = Math.max(this.o.clock.now(), this.lastTs + 1);
      this.lastTs = ts;
      // Without the last seq, the time keeps the series' seq strictly increasing (with gaps).
      this.pointSeq = this.pointSeq === null ? ts : this.pointSeq + 1;
      const point = { name: AUDIT_HEAD_SERIES, value: seq, quality: 'Good' as const, ts };
      try {
        await this.o.historian.write([
          { ...point, gatewayTs: ts, tsOrigin: 'gateway', seq: this.pointSeq, backfill: false },
        ]);
      } catch (err) {
        this.o.log.warn(
          `audit anchor: the historian refused ${AUDIT_HEAD_SERIES}: ${(err as Error).message}`,
        );
      }
    }
    return anchor;
  }
}

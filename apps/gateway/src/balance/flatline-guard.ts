// Flags a level transmitter whose reading has stopped moving as Uncertain for the balance: a stuck sensor that cannot say so itself.
import { isGood, type TagValue } from '@zld/tags';

/** The quality a flat-lined input is fed to the balance with. */
export const FLATLINE_QUALITY = 'Uncertain_SensorNotAccurate' as const;

interface Track {
  value: TagValue['value'];
  /** When the reading last moved (or its quality changed), epoch ms. */
  since: number;
  good: boolean;
  flagged: boolean;
}

/**
 * A live level reading moves: noise alone crosses a 0.1 % deadband many times a minute. A Modbus PLC has no
 * quality bits, so a frozen transmitter keeps reading Good; the balance would then trust a level that no
 * longer measures anything. A tag Good and unchanged for `afterMs` is reported once as Uncertain (which
 * makes the balance and its alarms questionable, never silent), until its reading moves again.
 * The threshold is a GUESS to tune per plant: long enough that a quiet tank is not flagged, short against
 * the 1 h window. Fed from published changes (after the deadband), so a very quiet tank can be flagged
 * too: give the service the runtime's raw samples to avoid that.
 */
export class FlatlineGuard {
  private readonly tracks = new Map<string, Track>();
  private readonly afterMs: number;

  constructor(tags: readonly string[], afterMs: number) {
    this.afterMs = afterMs;
    for (const t of tags)
      this.tracks.set(t, { value: null, since: 0, good: false, flagged: false });
  }

  /** Takes the values the balance is fed; a move (or a quality change) restarts the tag's clock. */
  observe(values: readonly TagValue[], now: number): void {
    for (const v of values) {
      const tr = this.tracks.get(v.name);
      if (!tr) continue;
      const good = isGood(v.quality);
      if (v.value !== tr.value || good !== tr.good) {
        tr.value = v.value;
        tr.good = good;
        tr.since = now;
        tr.flagged = false;
      }
    }
  }

  /** The Uncertain samples to feed at `now`: one per tag that has just gone flat. */
  check(now: number): TagValue[] {
    if (!(this.afterMs > 0)) return [];
    const out: TagValue[] = [];
    for (const [name, tr] of this.tracks) {
      if (!tr.good || tr.flagged || tr.since === 0 || now - tr.since < this.afterMs) continue;
      tr.flagged = true;
      out.push({
        name,
        value: tr.value,
        quality: FLATLINE_QUALITY,
        ts: now,
        gatewayTs: now,
        tsOrigin: 'gateway',
      });
    }
    return out;
  }

  /** The tags flagged now. */
  flagged(): string[] {
    return [...this.tracks].filter(([, tr]) => tr.flagged).map(([name]) => name);
  }
}

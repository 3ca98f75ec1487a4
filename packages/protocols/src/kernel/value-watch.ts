// Decoded values judged by themselves (NaN Bad, outside the range Uncertain), counted per PLC and logged once per tag with the likely cause.
import { isBad, OUT_OF_RANGE, type Quality } from '@zld/tags';
import type { DriverLogger } from './driver.js';
import type { DriverStats } from './stats.js';
import { judgeValue, type TagPoint } from './tag-point.js';

/** A tag that keeps going out of range and back is logged again at most this often. */
export const VALUE_LOG_REPEAT_MS = 10 * 60_000;

export interface ValueWatchOptions {
  plcId: string;
  logger: DriverLogger;
  stats: DriverStats;
  /** What to check first when a tag of this protocol reads a value that cannot be right. */
  hint: (p: TagPoint) => string;
  /** Wall-clock ms (tests pass their own). */
  now?: () => number;
  repeatMs?: number;
}

/** A number as a log line shows it: four significant digits (8.8e+32, 123.5, -0.01). */
export function shortNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

/** `[lo, hi]` of the tag's range (a tag without one is never out of range). */
function rangeText(p: TagPoint): string {
  const range = p.tag.range as readonly [number, number] | undefined;
  return range ? `[${range[0]}, ${range[1]}]` : '(none)';
}

/**
 * One per driver. Every sample a poll or subscription decodes goes through `judge` (or `refuse` when its
 * raw data cannot be decoded): the answer is the sample's quality; counts go to the driver's counters
 * (`valuesOutOfRange`, `valuesBad`). A tag that turns questionable is logged once, with the value and the
 * likely cause; when it reads a usable value again, once more; a tag that keeps flapping is logged again
 * at most every `repeatMs`. Read-backs for commands use the pure `judgeValue` instead, so they neither
 * count nor log.
 */
export class ValueWatch {
  /** Tags now reading a questionable value, and whether that episode was logged. */
  private readonly abnormal = new Map<TagPoint, boolean>();
  private readonly lastLogged = new Map<TagPoint, number>();
  private readonly now: () => number;
  private readonly repeatMs: number;

  constructor(private readonly o: ValueWatchOptions) {
    this.now = o.now ?? Date.now;
    this.repeatMs = o.repeatMs ?? VALUE_LOG_REPEAT_MS;
  }

  /** The quality of a decoded value `v` of `p` whose device said `device`. */
  judge(p: TagPoint, v: number | boolean, device: Quality = 'Good'): Quality {
    const q = judgeValue(p, v, device);
    if (q === device) {
      if (this.abnormal.size > 0 && !isBad(q)) this.recovered(p, v);
      return q;
    }
    if (q === OUT_OF_RANGE) {
      this.o.stats.raw.valuesOutOfRange++;
      this.enter(
        p,
        `read ${shortNumber(v as number)} outside its range ${rangeText(p)} (${q}): ${this.o.hint(p)}`,
      );
    } else {
      this.o.stats.raw.valuesBad++;
      this.enter(
        p,
        `read ${String(v)} (${q}): the device flags a failed sensor, or ${this.o.hint(p)}`,
      );
    }
    return q;
  }

  /** Raw data that cannot be decoded as `p`'s data type: counted and logged; answers `quality` (a Bad one). */
  refuse(p: TagPoint, quality: Quality, what: string): Quality {
    this.o.stats.raw.valuesBad++;
    this.enter(p, `${what} (${quality}): ${this.o.hint(p)}`);
    return quality;
  }

  private enter(p: TagPoint, message: string): void {
    if (this.abnormal.has(p)) return;
    const now = this.now();
    const last = this.lastLogged.get(p);
    const log = last === undefined || now - last >= this.repeatMs;
    this.abnormal.set(p, log);
    if (!log) return;
    this.lastLogged.set(p, now);
    this.o.logger.warn(`${this.o.plcId}: ${p.tag.name} ${message}`);
  }

  private recovered(p: TagPoint, v: number | boolean): void {
    const logged = this.abnormal.get(p);
    if (logged === undefined) return;
    this.abnormal.delete(p);
    if (logged)
      this.o.logger.info(
        `${this.o.plcId}: ${p.tag.name} reads a usable value again (${typeof v === 'number' ? shortNumber(v) : String(v)})`,
      );
  }
}

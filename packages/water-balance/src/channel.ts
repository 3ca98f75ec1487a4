// One integrated signal: a tag (or a tag times a percentage tag) turned into straight-line stretches in a BinRing.
import type { Quality, TagValue } from '@zld/tags';
import type { BinRing } from './bin-ring.js';
import { classOf, SampleClass, worse } from './quality-rank.js';

interface Input {
  value: number | undefined;
  quality: Quality;
}

/**
 * Samples are joined by straight lines (trapezoidal rule). When a bin has to be closed before the
 * next sample arrives, the last value is held up to the bin edge and the next line starts there.
 * A Bad sample ends the line: its last usable value is held (and counted as substituted) until a
 * usable sample arrives. Before the first usable sample the channel is missing (counted as zero).
 */
export class Channel {
  readonly index: number;
  /** The tag, and for a product channel the percentage tag it is multiplied by (value / 100). */
  readonly tags: readonly string[];
  private readonly inputs: Input[];
  private t = Number.NaN;
  private v: number | undefined = undefined;
  private q: Quality = 'Bad_WaitingForInitialData';

  constructor(index: number, tags: readonly string[]) {
    this.index = index;
    this.tags = tags;
    this.inputs = tags.map(() => ({ value: undefined, quality: 'Bad_WaitingForInitialData' }));
  }

  /** Starts the channel's time line (nothing known before). */
  start(t: number): void {
    this.t = t;
  }

  /** The time up to which the channel is integrated, epoch ms. */
  get lastTime(): number {
    return this.t;
  }

  /** The value now standing in for the signal (the last usable one), if any. */
  get value(): number | undefined {
    return this.v;
  }

  /** The quality of the latest sample (for a product channel, the worse of its inputs). */
  get quality(): Quality {
    return this.q;
  }

  /** Takes a sample of one of the channel's tags. Samples older than the time line only update the value. */
  sample(ring: BinRing, tv: TagValue, ts: number): void {
    const slot = this.tags.indexOf(tv.name);
    const input = this.inputs[slot];
    if (!input) return;
    input.quality = tv.quality;
    input.value = usableNumber(tv);
    const { value, quality } = this.combined();
    const usable = value !== undefined;
    if (ts > this.t) {
      const cls = classOf(this.q, this.v !== undefined);
      const end = usable && cls <= SampleClass.Uncertain ? value : this.v;
      ring.addSegment(this.index, this.t, ts, this.v ?? 0, end ?? 0, cls);
      this.t = ts;
    }
    if (usable) {
      this.v = value;
      ring.countSample(this.index, this.t);
    }
    this.q = usable ? quality : worse(quality, 'Bad');
  }

  /** The channel's value from its inputs' latest samples: the tag, times each percentage / 100. */
  private combined(): Input {
    let value: number | undefined = 1;
    let quality: Quality = 'Good';
    for (let i = 0; i < this.inputs.length; i++) {
      const inp = this.inputs[i]!;
      quality = worse(quality, inp.quality);
      if (value !== undefined)
        value =
          inp.value === undefined ? undefined : value * (i === 0 ? inp.value : inp.value / 100);
    }
    return { value, quality };
  }

  /** Holds the standing value up to time t (closing a bin). */
  advanceTo(ring: BinRing, t: number): void {
    if (!(t > this.t)) return;
    ring.addSegment(
      this.index,
      this.t,
      t,
      this.v ?? 0,
      this.v ?? 0,
      classOf(this.q, this.v !== undefined),
    );
    this.t = t;
  }

  /** Jumps the time line forward without integrating (the skipped stretch has left every window). */
  skipTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}

/** A sample's value as a number, or undefined when it is Bad or not a finite number. */
function usableNumber(tv: TagValue): number | undefined {
  if (classOf(tv.quality, true) === SampleClass.Substituted) return undefined;
  const v = typeof tv.value === 'boolean' ? (tv.value ? 1 : 0) : tv.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

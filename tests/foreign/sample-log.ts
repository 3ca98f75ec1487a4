// Test helper: a driver sink that keeps each tag's latest sample and when its quality last changed.
import type { SampleSink, SampleValue, TagKey } from '@zld/protocols';
import type { Quality } from '@zld/tags';

export interface Sample {
  value: SampleValue;
  quality: Quality;
  /** Wall-clock ms of this sample. */
  at: number;
  /** Wall-clock ms since when the tag has had this quality. */
  since: number;
}

export class SampleLog {
  readonly latest = new Map<TagKey, Sample>();

  readonly sink: SampleSink = (key, value, quality) => {
    const at = Date.now();
    const prev = this.latest.get(key);
    const since = prev && prev.quality === quality ? prev.since : at;
    this.latest.set(key, { value, quality, at, since });
  };

  /** Tags (of `names`) whose latest quality `ok` refuses, with that quality; none when all pass. */
  off(names: readonly string[], ok: (q: Quality) => boolean): string[] {
    return names
      .filter((n) => {
        const s = this.latest.get(n);
        return !s || !ok(s.quality);
      })
      .map((n) => `${n} ${this.latest.get(n)?.quality ?? 'no sample'}`);
  }
}

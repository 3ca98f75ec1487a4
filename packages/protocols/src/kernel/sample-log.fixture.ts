// Test helper: a sink that records every sample, and waiting for a condition with a deadline.
import type { Quality } from '@zld/tags';
import type { SampleSink, SampleValue, TagKey } from './driver.js';

export interface LoggedSample {
  key: TagKey;
  value: SampleValue;
  quality: Quality;
  sourceTs: number | undefined;
  /** Wall-clock ms when the sink received it. */
  at: number;
}

export class SampleLog {
  readonly history: LoggedSample[] = [];
  readonly latest = new Map<TagKey, LoggedSample>();
  readonly touched = new Map<TagKey, number>();

  readonly sink: SampleSink = (key, value, quality, sourceTs) => {
    const s = { key, value, quality, sourceTs, at: Date.now() };
    this.history.push(s);
    this.latest.set(key, s);
  };

  readonly touch = (key: TagKey): void => {
    this.touched.set(key, (this.touched.get(key) ?? 0) + 1);
  };

  get(key: TagKey): LoggedSample | undefined {
    return this.latest.get(key);
  }

  quality(key: TagKey): Quality | undefined {
    return this.latest.get(key)?.quality;
  }
}

/** Resolves once `condition()` holds; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

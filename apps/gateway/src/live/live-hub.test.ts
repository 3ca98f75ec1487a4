import type { TagValueDto } from '@zld/api';
import type { TagValue } from '@zld/tags';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveHub, type LiveChannel } from './live-hub.js';

const NAMES = ['FT-001', 'FT-002', 'LT-002', 'P-405.RUN'];

function tv(name: string, value: number | boolean | null, ts = 0): TagValue {
  return {
    name,
    value,
    quality: value === null ? 'Bad_CommunicationError' : 'Good',
    ts,
    gatewayTs: ts,
    tsOrigin: 'gateway',
  };
}

/** A client whose transport the test controls: it records batches and says busy when told to. */
class RecordingChannel implements LiveChannel {
  batches: TagValueDto[][] = [];
  isBusy = false;
  busy(): boolean {
    return this.isBusy;
  }
  send(batch: TagValueDto[]): void {
    this.batches.push(batch);
  }
}

describe('LiveHub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const hub = () => new LiveHub(NAMES, { now: () => Date.now() });

  it('sends the snapshot on attach, then a lone change at once (leading edge)', () => {
    const h = hub();
    const ch = new RecordingChannel();
    const snapshot = NAMES.map((n) => ({
      name: n,
      value: null,
      quality: 'Bad_WaitingForInitialData' as const,
      ts: '',
    }));
    h.attach(ch, snapshot);
    expect(ch.batches).toEqual([snapshot]);
    vi.advanceTimersByTime(500);
    h.publish([tv('FT-001', 1.5, 1000)]);
    vi.advanceTimersByTime(0);
    expect(ch.batches).toHaveLength(2);
    expect(ch.batches[1]).toEqual([
      { name: 'FT-001', value: 1.5, quality: 'Good', ts: '1970-01-01T00:00:01.000Z' },
    ]);
  });

  it('sends at most 10 batches a second, coalescing by tag (latest wins)', () => {
    const h = hub();
    const ch = new RecordingChannel();
    h.attach(ch, []);
    // 1000 flushes in one second, each changing FT-001 and one other tag.
    for (let k = 0; k < 1000; k++) {
      h.publish([tv('FT-001', k), tv(NAMES[1 + (k % 3)]!, k)]);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    const batches = ch.batches.slice(1);
    expect(batches.length).toBeGreaterThanOrEqual(9);
    expect(batches.length).toBeLessThanOrEqual(11);
    for (const b of batches) expect(new Set(b.map((v) => v.name)).size).toBe(b.length);
    const last = new Map(batches.flat().map((v) => [v.name, v.value] as const));
    expect(last.get('FT-001')).toBe(999);
    expect(h.stats().coalesced).toBeGreaterThan(1500);
  });

  it('holds batches while the client is busy and keeps one value per tag', () => {
    const h = hub();
    const ch = new RecordingChannel();
    h.attach(ch, []);
    ch.isBusy = true;
    for (let k = 0; k < 10_000; k++) {
      h.publish([tv(NAMES[k % 4]!, k)]);
      if (k % 100 === 0) vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(5000);
    expect(ch.batches).toHaveLength(1); // only the snapshot
    expect(h.stats().deferred).toBeGreaterThan(10);
    ch.isBusy = false;
    vi.advanceTimersByTime(100);
    expect(ch.batches).toHaveLength(2);
    expect(ch.batches[1]!.map((v) => [v.name, v.value])).toEqual([
      ['FT-001', 9996],
      ['FT-002', 9997],
      ['LT-002', 9998],
      ['P-405.RUN', 9999],
    ]);
  });

  it('paces each client on its own', () => {
    const h = hub();
    const slow = new RecordingChannel();
    const fast = new RecordingChannel();
    h.attach(slow, []);
    h.attach(fast, []);
    slow.isBusy = true;
    vi.advanceTimersByTime(200);
    h.publish([tv('LT-002', 42)]);
    vi.advanceTimersByTime(0);
    expect(fast.batches).toHaveLength(2);
    expect(slow.batches).toHaveLength(1);
  });

  it('stops sending to a detached client and after stop()', () => {
    const h = hub();
    const a = new RecordingChannel();
    const b = new RecordingChannel();
    const detachA = h.attach(a, []);
    h.attach(b, []);
    vi.advanceTimersByTime(200);
    detachA();
    h.publish([tv('FT-001', 1)]);
    vi.advanceTimersByTime(200);
    expect(a.batches).toHaveLength(1);
    expect(b.batches).toHaveLength(2);
    h.stop();
    h.publish([tv('FT-001', 2)]);
    vi.advanceTimersByTime(200);
    expect(b.batches).toHaveLength(2);
    expect(h.stats().clients).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores names it does not know', () => {
    const h = hub();
    const ch = new RecordingChannel();
    h.attach(ch, []);
    vi.advanceTimersByTime(200);
    h.publish([tv('XX-999', 1)]);
    vi.advanceTimersByTime(200);
    expect(ch.batches).toHaveLength(1);
  });
});

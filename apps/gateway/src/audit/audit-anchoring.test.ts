// Anchoring: at start, on its period and at stop, to the log and the historian series, which continues its seq.
import type { HistoryPoint } from '@zld/historian';
import { ManualClock } from '@zld/tags';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_HEAD_SERIES, AuditAnchoring } from './audit-anchoring.js';
import { AuditStore } from './audit-store.js';

let store: AuditStore;
beforeEach(() => {
  vi.useFakeTimers();
  store = new AuditStore({ path: ':memory:', clock: new ManualClock(Date.UTC(2025, 2, 1)) });
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
});

describe('AuditAnchoring', () => {
  it('anchors at start, every period and at stop; the series seq continues from the historian', async () => {
    const points: HistoryPoint[] = [];
    const info: string[] = [];
    const anchoring = new AuditAnchoring({
      store,
      log: { info: (m) => info.push(m), warn: () => {} },
      historian: {
        write: async (p) => void points.push(...p),
        lastSeqs: async () => ({ [AUDIT_HEAD_SERIES]: 41, 'FT-101': 7 }),
      },
      clock: new ManualClock(Date.UTC(2025, 2, 1)),
      everyMs: 60_000,
    });
    await anchoring.start();
    store.record({ category: 'auth', action: 'login', outcome: 'success' });
    await vi.advanceTimersByTimeAsync(60_000);
    await anchoring.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(points.map((p) => [p.name, p.value, p.seq])).toEqual([
      [AUDIT_HEAD_SERIES, 0, 42],
      [AUDIT_HEAD_SERIES, 1, 43],
      [AUDIT_HEAD_SERIES, 1, 44],
    ]);
    expect(new Set(points.map((p) => p.ts)).size).toBe(3);
    expect(info).toHaveLength(3);
    expect(JSON.parse(info[1]!.replace('audit anchor ', ''))).toMatchObject({ seq: 1, records: 1 });
  });

  it('logs a historian that refuses the point, and keeps anchoring', async () => {
    const warn: string[] = [];
    const anchoring = new AuditAnchoring({
      store,
      log: { info: () => {}, warn: (m) => warn.push(m) },
      historian: {
        write: () => Promise.reject(new Error('disk full')),
        lastSeqs: () => Promise.reject(new Error('down')),
      },
      clock: new ManualClock(0),
      everyMs: 0,
    });
    await anchoring.start();
    expect(await anchoring.anchorNow()).toMatchObject({ seq: 0, records: 0 });
    expect(warn).toEqual([
      expect.stringMatching(/last seq is unknown: down/),
      expect.stringMatching(/refused SYS.AUDIT.HEAD_SEQ: disk full/),
      expect.stringMatching(/disk full/),
    ]);
  });
});

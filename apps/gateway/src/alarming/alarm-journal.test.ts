import { AlarmEngine } from '@zld/alarms';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmJournal } from './alarm-journal.js';
import { pilotPlant, T0 } from './test-runtime.fixture.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'zld-alarm-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A real engine run: LIC-402 goes HH (limit 90) and back, with an ack in between. */
function run() {
  const plant = pilotPlant();
  const engine = new AlarmEngine(plant.alarms);
  const values = new Map(
    plant.tags.map((t) => [t.name, { value: 50 as number | boolean, quality: 'Good' as const }]),
  );
  const at = (s: number) => T0 + s * 1000;
  const steps = [engine.evaluate(values, at(0))];
  values.set('LIC-402', { value: 95, quality: 'Good' });
  for (let s = 1; s <= 30; s += 1) steps.push(engine.evaluate(values, at(s)));
  steps.push(engine.ack('LIC-402.HH', { user: 'op1', comment: 'seen' }, at(31)));
  values.set('LIC-402', { value: 50, quality: 'Good' });
  for (let s = 32; s <= 120; s += 1) steps.push(engine.evaluate(values, at(s)));
  return { engine, steps, events: steps.flatMap((s) => s.events) };
}

describe('AlarmJournal', () => {
  it('keeps every event with who, when and why, and answers a window in sequence order', () => {
    const journal = new AlarmJournal(':memory:');
    const { engine, steps, events } = run();
    const state = engine.toJSON();
    for (const s of steps) {
      const ids = new Set(s.events.map((e) => e.alarmId));
      journal.append(
        s.events,
        [...ids].map((id) => state.alarms[id]!),
      );
    }
    expect(journal.count()).toBe(events.length);
    const ack = journal
      .query({ from: T0, to: T0 + 3_600_000, limit: -1 })
      .find((e) => e.kind === 'ack');
    expect(ack).toMatchObject({
      alarmId: 'LIC-402.HH',
      user: 'op1',
      comment: 'seen',
      ts: T0 + 31_000,
    });

    const all = journal.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: -1 });
    expect(all.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    // [from, to): an event at `to` is left out, one at `from` is kept.
    const t = ack!.ts;
    expect(journal.query({ from: t, to: t + 1, limit: -1 }).map((e) => e.kind)).toEqual(['ack']);
    expect(journal.query({ from: t - 1, to: t, limit: -1 }).some((e) => e.kind === 'ack')).toBe(
      false,
    );
    expect(journal.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 2 })).toHaveLength(2);
    const one = journal.query({
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      limit: -1,
      alarmId: 'LIC-402.HH',
    });
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((e) => e.alarmId === 'LIC-402.HH')).toBe(true);
    journal.close();
  });

  it('restores the engine state with a sequence number no lower than the journal holds', () => {
    const path = join(tempDir(), 'alarms.sqlite');
    const journal = new AlarmJournal(path);
    expect(journal.loadState()).toBeUndefined();
    const { engine, events } = run();
    const state = engine.toJSON();
    // The journal got its events but the state saved is an older one (a crash between two saves).
    journal.append(events, []);
    journal.saveState({ ...state, seq: 1 });
    journal.close();

    const reopened = new AlarmJournal(path);
    const loaded = reopened.loadState()!;
    expect(loaded.seq).toBe(events.at(-1)!.seq);
    expect(loaded.alarms['LIC-402.HH']).toEqual(state.alarms['LIC-402.HH']);
    const restored = new AlarmEngine(pilotPlant().alarms, {}, loaded);
    expect(restored.get('LIC-402.HH')).toEqual(engine.get('LIC-402.HH'));
    reopened.close();
  });

  it('uses write-ahead logging on disk', () => {
    const dir = tempDir();
    const journal = AlarmJournal.inDataDir(join(dir, 'nested'));
    journal.close();
    const db = new Database(join(dir, 'nested', 'alarms.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

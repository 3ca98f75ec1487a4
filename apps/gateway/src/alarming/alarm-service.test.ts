import { AlarmCommandError, type PublicAlarm } from '@zld/alarms';
import type { AlarmDef, Plant } from '@zld/plant';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditStore } from '../audit/audit-store.js';
import { AlarmJournal } from './alarm-journal.js';
import { AlarmService } from './alarm-service.js';
import { pilotPlant, testRuntime, type TestRuntime } from './test-runtime.fixture.js';

const MIN = 60_000;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
  vi.useRealTimers();
});

function setup(opts: { plant?: Plant; path?: string; rt?: TestRuntime } = {}) {
  const rt = opts.rt ?? testRuntime(opts.plant);
  const journal = new AlarmJournal(opts.path ?? ':memory:');
  const audit = new AuditStore({ path: ':memory:', clock: rt.clock });
  const service = new AlarmService({
    plant: rt.plant,
    source: rt.runtime,
    clock: rt.clock,
    journal,
    audit,
    evaluateEveryMs: 0,
    saveEveryMs: 0,
  });
  const changes: PublicAlarm[][] = [];
  service.onChange((c) => changes.push([...c]));
  service.start();
  cleanup.push(() => {
    service.stop();
    audit.close();
  });
  return { ...rt, journal, audit, service, changes };
}

const op = { user: 'op1', source: '127.0.0.1' };

describe('AlarmService', () => {
  it('fires an on-delay on the clock tick, with no new value', async () => {
    const s = setup();
    s.runtime.setComputed('FY-914', 3, 'Good');
    await s.settle();
    expect(s.service.get('FY-914.H')!.state).toBe('Normal');
    s.clock.advance(10 * MIN - 1000);
    s.service.tick();
    expect(s.service.get('FY-914.H')!.state).toBe('Normal');
    s.clock.advance(1000);
    s.service.tick();
    expect(s.service.get('FY-914.H')).toMatchObject({ state: 'Unack-Active', active: true });
    expect(s.changes.flat().some((a) => a.id === 'FY-914.H' && a.state === 'Unack-Active')).toBe(
      true,
    );
    expect(s.service.list().map((a) => a.id)).toContain('FY-914.H');
  });

  it('evaluates on the timer once started', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const rt = testRuntime();
    const journal = new AlarmJournal(':memory:');
    const service = new AlarmService({
      plant: rt.plant,
      source: rt.runtime,
      clock: rt.clock,
      journal,
      evaluateEveryMs: 250,
    });
    service.start();
    cleanup.push(() => service.stop());
    rt.runtime.setComputed('FY-914', 6, 'Good');
    await rt.settle();
    rt.clock.advance(10 * MIN);
    expect(service.get('FY-914.HH')!.active).toBe(false);
    vi.advanceTimersByTime(250);
    expect(service.get('FY-914.HH')!.active).toBe(true);
  });

  it('evaluates on changed values, journals every change with who and why, and audits commands', async () => {
    const s = setup();
    s.push('LIC-402', 95);
    await s.settle();
    s.clock.advance(5000);
    await s.settle();
    s.service.tick();
    const hh = s.service.get('LIC-402.HH')!;
    expect(hh.state).toBe('Unack-Active');

    const acked = s.service.ack('LIC-402.HH', op, {
      comment: 'level checked',
      eventId: hh.eventId,
    });
    expect(acked).toMatchObject({
      state: 'Ack-Active',
      ackedBy: 'op1',
      ackComment: 'level checked',
    });
    expect(() => s.service.ack('LIC-402.HH', op)).toThrow(AlarmCommandError);
    try {
      s.service.ack('LIC-402.HH', op);
    } catch (err) {
      expect((err as AlarmCommandError).code).toBe('Bad_ConditionBranchAlreadyAcked');
    }
    expect(() => s.service.ack('NO-SUCH.HH', op)).toThrow(/no alarm/);

    const journal = s.service.journal(0, Number.MAX_SAFE_INTEGER);
    const kinds = journal.filter((e) => e.alarmId === 'LIC-402.HH').map((e) => e.kind);
    expect(kinds).toEqual(['activate', 'ack']);
    expect(journal.find((e) => e.kind === 'ack')).toMatchObject({
      user: 'op1',
      comment: 'level checked',
      ts: s.clock.now(),
    });

    const audit = s.audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100 });
    expect(audit.map((r) => [r.action, r.outcome, r.target])).toEqual([
      ['ack', 'success', 'LIC-402.HH'],
      ['ack', 'refused', 'LIC-402.HH'],
      ['ack', 'refused', 'LIC-402.HH'],
      ['ack', 'refused', 'NO-SUCH.HH'],
    ]);
    expect(audit[0]).toMatchObject({ user: 'op1', source: '127.0.0.1', reason: 'level checked' });
    expect(audit[1]!.details).toMatchObject({ status: 'Bad_ConditionBranchAlreadyAcked' });
  });

  it('shelves for a time and unshelves by itself on time; refuses a second shelve', async () => {
    const s = setup();
    s.push('LIC-402', 95);
    await s.settle();
    s.clock.advance(6000);
    s.service.tick();
    const shelved = s.service.shelve('LIC-402.HH', op, { minutes: 30, reason: 'calibration' });
    expect(shelved).toMatchObject({ state: 'Shelved', annunciated: false, shelvedBy: 'op1' });
    expect(() => s.service.shelve('LIC-402.HH', op, { minutes: 5, reason: 'again' })).toThrow(
      expect.objectContaining({ code: 'Bad_ConditionAlreadyShelved' }),
    );
    expect(() => s.service.shelve('LIC-401.HH', op, { minutes: 5, reason: 'x' })).toThrow(
      expect.objectContaining({ code: 'Bad_NodeIdUnknown' }),
    );
    s.clock.advance(30 * MIN - 1);
    s.service.tick();
    expect(s.service.get('LIC-402.HH')!.shelving).toBe('TimedShelved');
    s.clock.advance(1);
    s.service.tick();
    expect(s.service.get('LIC-402.HH')).toMatchObject({
      shelving: 'Unshelved',
      state: 'Unack-Active',
    });
    const kinds = s.service
      .journal(0, Number.MAX_SAFE_INTEGER, 100, 'LIC-402.HH')
      .map((e) => e.kind);
    expect(kinds).toEqual(['activate', 'shelve', 'auto-unshelve']);
  });

  it('refuses a shelving time above the maximum with Bad_ShelvingTimeOutOfRange', () => {
    const s = setup();
    expect(() =>
      s.service.shelve('LIC-402.HH', op, { minutes: 8 * 60 + 1, reason: 'long' }),
    ).toThrow(expect.objectContaining({ code: 'Bad_ShelvingTimeOutOfRange' }));
    expect(() => s.service.shelve('LIC-402.HH', op, { minutes: 0, reason: 'none' })).toThrow(
      expect.objectContaining({ code: 'Bad_ShelvingTimeOutOfRange' }),
    );
  });

  it('holds a balance alarm on Bad input, marked questionable, instead of clearing it', async () => {
    const s = setup();
    s.runtime.setComputed('FY-914', 3, 'Good');
    await s.settle();
    s.clock.advance(10 * MIN);
    s.service.tick();
    expect(s.service.get('FY-914.H')!.active).toBe(true);
    s.runtime.setComputed('FY-914', null, 'Bad_CommunicationError');
    await s.settle();
    s.clock.advance(30 * MIN);
    s.service.tick();
    expect(s.service.get('FY-914.H')).toMatchObject({
      active: true,
      questionable: true,
      quality: 'Bad_CommunicationError',
    });
    // Uncertain cannot clear it either; only Good values below limit - deadband, for the off-delay.
    s.runtime.setComputed('FY-914', 0.5, 'Uncertain_SubNormal');
    await s.settle();
    s.clock.advance(10 * MIN);
    s.service.tick();
    expect(s.service.get('FY-914.H')!.active).toBe(true);
    s.runtime.setComputed('FY-914', 0.5, 'Good');
    await s.settle();
    s.clock.advance(61_000);
    s.service.tick();
    expect(s.service.get('FY-914.H')).toMatchObject({ active: false, state: 'RTN-Unack' });
  });

  it('restores its state and sequence after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zld-alarm-service-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'alarms.sqlite');
    const first = setup({ path });
    first.push('LIC-402', 95);
    await first.settle();
    first.clock.advance(6000);
    first.service.tick();
    first.service.shelve('LIC-402.HH', op, { minutes: 60, reason: 'maintenance' });
    const before = first.service.get('LIC-402.HH')!;
    const lastSeq = Math.max(
      ...first.service.journal(0, Number.MAX_SAFE_INTEGER).map((e) => e.seq),
    );
    first.service.stop();

    const rt = testRuntime(pilotPlant(), first.clock.now() + 5 * MIN);
    const second = setup({ path, rt });
    expect(second.service.get('LIC-402.HH')).toMatchObject({
      state: 'Shelved',
      shelvedBy: 'op1',
      eventId: before.eventId,
      activeSince: before.activeSince,
    });
    second.service.unshelve('LIC-402.HH', op);
    // The restarted engine journals the new input quality first, then the unshelve, numbering on.
    const events = second.service.journal(0, Number.MAX_SAFE_INTEGER);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events.at(-1)).toMatchObject({ kind: 'unshelve', alarmId: 'LIC-402.HH', user: 'op1' });
    expect(events.at(-1)!.seq).toBeGreaterThan(lastSeq);
  });

  it('raises a write-verification alarm on a failed read-back and clears it once the PLC agrees', async () => {
    const s = setup();
    const tag = s.plant.tags.find((t) => t.writable && t.dataType === 'bool')!.name;
    const id = s.service.readbackAlarmId(tag);
    s.push(tag, true);
    await s.settle();
    s.service.readbackFailed({ tag, requested: false, readBack: true, message: 'read back true' });
    expect(s.service.get(id)).toMatchObject({ state: 'Unack-Active', priority: 'high', tag });
    s.clock.advance(1000);
    s.service.tick();
    expect(s.service.get(id)!.active).toBe(true);
    s.push(tag, false);
    await s.settle();
    s.service.tick();
    expect(s.service.get(id)).toMatchObject({ active: false, state: 'RTN-Unack' });
    s.service.ack(id, op);
    expect(s.service.list().some((a) => a.id === id)).toBe(false);
  });

  it('reports a flood and the KPIs from its journal', async () => {
    const s = setup();
    const picks = s.plant.alarms
      .filter((a) => a.type === 'H' && a.suppressWhen === undefined && !s.plant.tag(a.tag).computed)
      .filter((a, i, all) => all.findIndex((b) => b.tag === a.tag) === i)
      .slice(0, 12);
    expect(picks).toHaveLength(12);
    const start = s.clock.now();
    for (const a of picks) s.push(a.tag, a.limit! + 10 * a.deadband + 1);
    await s.settle();
    s.clock.advance(Math.max(...picks.map((a) => a.onDelayS)) * 1000 + 1000);
    s.service.tick();
    // Each pushed value also raises that tag's lower limits and any direct alarm reading it.
    const activated = s.service
      .journal(0, Number.MAX_SAFE_INTEGER)
      .filter((e) => e.kind === 'activate')
      .map((e) => e.alarmId);
    expect(activated).toEqual(expect.arrayContaining(picks.map((a) => a.id)));
    const flood = s.service.floodStatus();
    expect(flood['all']).toEqual({ count: activated.length, inFlood: true });

    const kpi = s.service.kpi(start, s.clock.now() + 1);
    expect(kpi.rates['all']!.annunciations).toBe(activated.length);
    expect(kpi.flood['all']!.floods.length).toBe(1);
    expect(kpi.badActors.total).toBe(activated.length);
    expect(kpi.standing.map((h) => h.alarmId).sort()).toEqual([...activated].sort());
    expect(kpi.priorities.configured!.total).toBe(s.plant.alarms.length);

    s.clock.advance(11 * MIN);
    s.service.tick();
    expect(s.service.floodStatus()['all']).toBeUndefined();
  });

  it('resets a latched alarm only once its condition has cleared', async () => {
    const plant = pilotPlant();
    const latched: Plant = {
      ...plant,
      alarms: plant.alarms.map((a): AlarmDef =>
        a.id === 'LIC-402.HH' ? { ...a, latched: true } : a,
      ),
    };
    const s = setup({ plant: latched });
    s.push('LIC-402', 95);
    await s.settle();
    s.clock.advance(6000);
    s.service.tick();
    expect(() => s.service.reset('LIC-402.HH', op)).toThrow(
      expect.objectContaining({ code: 'Bad_InvalidState' }),
    );
    s.push('LIC-402', 50);
    await s.settle();
    s.clock.advance(60_000);
    s.service.tick();
    expect(s.service.get('LIC-402.HH')!.active).toBe(true);
    expect(s.service.reset('LIC-402.HH', op, { comment: 'reset after check' })).toMatchObject({
      active: false,
      latched: false,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { alarm } from '../model/alarm.fixture.js';
import { AlarmBook } from './alarm-merge.js';
import { LiveStore } from './live-store.js';
import { tagDto } from './tag.fixture.js';
import { applyTagBatch, definitionOf } from './tag-merge.js';

const T = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

describe('tag batches', () => {
  it('apply newer values, ignore older ones, and keep the definition', () => {
    const tags = new Map([['LIC-402', tagDto('LIC-402', { ts: T(10) })]]);
    const orphans = new Map();
    const before = tags.get('LIC-402');
    expect(
      applyTagBatch(tags, orphans, [{ name: 'LIC-402', value: 61, quality: 'Good', ts: T(11) }]),
    ).toEqual(['LIC-402']);
    expect(tags.get('LIC-402')).toMatchObject({ value: 61, unit: '%', range: [0, 100] });
    expect(tags.get('LIC-402')).not.toBe(before);
    expect(
      applyTagBatch(tags, orphans, [{ name: 'LIC-402', value: 1, quality: 'Good', ts: T(5) }]),
    ).toEqual([]);
    expect(tags.get('LIC-402')!.value).toBe(61);
    expect(
      applyTagBatch(tags, orphans, [
        { name: 'LIC-402', value: null, quality: 'Bad_CommunicationError', ts: T(11) },
      ]),
    ).toEqual(['LIC-402']);
  });

  it('keep values of tags without a definition aside until it arrives', () => {
    const store = new LiveStore(() => 0);
    store.applyTags([{ name: 'FT-901', value: 0.5, quality: 'Good', ts: T(20) }]);
    expect(store.tag('FT-901')).toBeUndefined();
    store.setTags([tagDto('FT-901', { value: 0, ts: T(10) })]);
    expect(store.tag('FT-901')).toMatchObject({ value: 0.5, ts: T(20) });
    expect(store.definitions().get('FT-901')).toEqual(
      definitionOf(tagDto('FT-901', { value: 0, ts: T(10) })),
    );
  });
});

describe('LiveStore', () => {
  it('notifies subscribers and per-tag listeners of changes only', () => {
    const store = new LiveStore(() => 0);
    store.setTags([tagDto('LIC-402', { ts: T(0) })]);
    let all = 0;
    const seen: number[] = [];
    store.subscribe(() => all++);
    store.subscribeTag('LIC-402', (t) => seen.push(t.value as number));
    store.applyTags([{ name: 'LIC-402', value: 55, quality: 'Good', ts: T(1) }]);
    store.applyTags([{ name: 'LIC-402', value: 55, quality: 'Good', ts: T(1) }]);
    expect(all).toBe(1);
    expect(seen).toEqual([55]);
  });

  it('tracks the link state', () => {
    const store = new LiveStore(() => 0);
    expect(store.connection()).toBe('connecting');
    store.setConnection('lost');
    expect(store.connection()).toBe('lost');
  });
});

describe('alarm merging', () => {
  it('upserts changes, drops alarms that return to Normal and ignores older copies', () => {
    const book = new AlarmBook();
    book.upsert([alarm('A.H', { lastChange: T(10) })]);
    expect(book.upsert([alarm('A.H', { lastChange: T(5), state: 'Normal' })])).toBe(false);
    expect(book.get('A.H')).toBeDefined();
    expect(
      book.upsert([alarm('A.H', { lastChange: T(11), acked: true, state: 'Ack-Active' })]),
    ).toBe(true);
    expect(book.get('A.H')!.acked).toBe(true);
    book.upsert([alarm('A.H', { lastChange: T(12), state: 'Normal', active: false, acked: true })]);
    expect(book.list()).toEqual([]);
    // A late copy from before the return to normal does not bring it back; a new activation does.
    expect(book.upsert([alarm('A.H', { lastChange: T(11) })])).toBe(false);
    expect(book.upsert([alarm('A.H', { lastChange: T(13) })])).toBe(true);
  });

  it('resynchronises to a snapshot after a reconnect (like ConditionRefresh)', () => {
    // Before the drop: A and B listed. While disconnected, B cleared and C activated.
    const book = new AlarmBook();
    book.upsert([alarm('A.H', { lastChange: T(1) }), alarm('B.H', { lastChange: T(2) })]);
    const mark = book.mark();
    book.replace(
      [
        alarm('A.H', { lastChange: T(8), acked: true, state: 'Ack-Active' }),
        alarm('C.H', { lastChange: T(9) }),
      ],
      mark,
    );
    expect(
      book
        .list()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['A.H', 'C.H']);
    expect(book.get('A.H')!.acked).toBe(true);
    // An older snapshot arriving afterwards cannot resurrect B.
    book.replace([alarm('B.H', { lastChange: T(2) }), alarm('C.H', { lastChange: T(9) })], mark);
    expect(book.get('B.H')).toBeUndefined();
  });

  it('keeps a live change that arrived after the snapshot was asked for, whatever the clocks say', () => {
    const book = new AlarmBook();
    book.upsert([alarm('A.H', { lastChange: T(1) })]);
    const mark = book.mark();
    // Arrives while the snapshot request is in flight; the gateway runs on plant time far ahead of the browser.
    book.upsert([
      alarm('A.H', { lastChange: '2099-01-01T00:00:00.000Z', acked: true, state: 'Ack-Active' }),
    ]);
    book.upsert([alarm('D.H', { lastChange: '2099-01-01T00:00:01.000Z' })]);
    book.replace([alarm('A.H', { lastChange: T(8) })], mark);
    expect(book.get('A.H')!.acked).toBe(true);
    expect(book.get('D.H')).toBeDefined();
  });

  it('publishes a new list object on every alarm change', () => {
    const store = new LiveStore(() => 0);
    const before = store.alarms();
    store.applyAlarms([alarm('A.H')]);
    expect(store.alarms()).not.toBe(before);
    expect(store.alarms().map((a) => a.id)).toEqual(['A.H']);
    store.resyncAlarms([], store.alarmMark());
    expect(store.alarms()).toEqual([]);
  });

  it('remembers the message of an alarm after it has left the list (for replays of the journal)', () => {
    const store = new LiveStore(() => 0);
    store.applyAlarms([alarm('ZLD-DISCHARGE', { message: 'LIQUID DISCHARGE DETECTED' })]);
    store.resyncAlarms([], store.alarmMark());
    expect(store.alarmMessage('ZLD-DISCHARGE')).toBe('LIQUID DISCHARGE DETECTED');
    expect(store.alarmMessage('LIC-402.HH')).toBeUndefined();
  });
});

describe('the gateway clock', () => {
  it('follows the newest value time, running on at wall speed in between', () => {
    let wall = 1_000;
    const store = new LiveStore(() => wall);
    expect(store.time()).toBe(1_000);
    store.setTags([tagDto('KI-200', { ts: T(0) })]);
    store.applyTags([{ name: 'KI-200', value: 1, quality: 'Good', ts: T(30) }]);
    expect(store.time()).toBe(Date.parse(T(30)));
    wall += 500;
    expect(store.time()).toBe(Date.parse(T(30)) + 500);
    store.applyTags([{ name: 'KI-200', value: 2, quality: 'Good', ts: T(10) }]);
    expect(store.time()).toBe(Date.parse(T(30)) + 500);
  });

  it('is the wall clock (with the offset /healthz showed) when the gateway runs on wall time', () => {
    let wall = Date.parse(T(0));
    const store = new LiveStore(() => wall);
    store.setGatewayClock('wall', Date.parse(T(2)));
    // A device stamping its own, faster clock does not move the gateway's now.
    store.setTags([tagDto('KI-200', { ts: T(600) })]);
    expect(store.time()).toBe(Date.parse(T(2)));
    wall += 1_000;
    expect(store.time()).toBe(Date.parse(T(2)) + 1_000);
  });

  it('follows the value times when the gateway follows the PLC clock', () => {
    const wall = Date.parse(T(0));
    const store = new LiveStore(() => wall);
    store.setGatewayClock('plc', Date.parse(T(300)));
    store.applyTags([{ name: 'KI-200', value: 1, quality: 'Good', ts: T(600) }]);
    expect(store.time()).toBe(Date.parse(T(600)));
  });
});

import { describe, expect, it } from 'vitest';
import { alarm } from './alarm.fixture.js';
import {
  alarmsOfTag,
  compareAlarms,
  filterAlarms,
  isAlarmColoured,
  isAnnunciated,
  isFlashing,
  topAlarms,
  unackCounts,
  worstAlarm,
} from './alarm-list.js';
import { PRIORITY_ORDER, PRIORITY_STYLE, priorityRank, shapePath } from './priority.js';

const list = [
  alarm('FT-901.H', { priority: 'high', activeSince: '2025-01-01T00:05:00Z' }),
  alarm('LIC-402.HH', {
    priority: 'medium',
    state: 'Ack-Active',
    acked: true,
    activeSince: '2025-01-01T00:01:00Z',
  }),
  alarm('AI-702.H', {
    priority: 'low',
    state: 'RTN-Unack',
    active: false,
    activeSince: '2025-01-01T00:02:00Z',
  }),
  alarm('ZLD-DISCHARGE', {
    tag: 'FT-901',
    priority: 'critical',
    activeSince: '2025-01-01T00:03:00Z',
  }),
  alarm('LT-002.H', {
    priority: 'high',
    state: 'Shelved',
    annunciated: false,
    activeSince: '2025-01-01T00:04:00Z',
  }),
];

describe('annunciation and flashing', () => {
  it('flashes only unacknowledged annunciated alarms; flashing stops on ack', () => {
    expect(list.map(isFlashing)).toEqual([true, false, true, true, false]);
    const acked = { ...list[0]!, acked: true, state: 'Ack-Active' as const };
    expect(isFlashing(acked)).toBe(false);
  });

  it('colours only active annunciated alarms (RTN-Unack flashes in grey)', () => {
    expect(list.map(isAlarmColoured)).toEqual([true, true, false, true, false]);
    expect(isAlarmColoured(alarm('X.H', { active: false, acked: true, state: 'Normal' }))).toBe(
      false,
    );
  });

  it('derives annunciation from the state when the flag is missing', () => {
    expect(isAnnunciated({ ...list[0]!, annunciated: undefined, state: 'Suppressed' })).toBe(false);
    expect(isAnnunciated({ ...list[0]!, annunciated: undefined })).toBe(true);
  });

  it('counts unacknowledged alarms per priority for the banner', () => {
    expect(unackCounts(list)).toEqual({ critical: 1, high: 1, medium: 0, low: 1 });
  });
});

describe('sorting and filtering', () => {
  it('sorts by priority, then unacked first, then newest', () => {
    const extra = alarm('FT-001.H', { priority: 'high', activeSince: '2025-01-01T00:09:00Z' });
    expect([...list, extra].sort(compareAlarms('priority')).map((a) => a.id)).toEqual([
      'ZLD-DISCHARGE',
      'FT-001.H',
      'FT-901.H',
      'LT-002.H',
      'LIC-402.HH',
      'AI-702.H',
    ]);
  });

  it('sorts by time, tag and state, either way', () => {
    expect([...list].sort(compareAlarms('time')).map((a) => a.id)[0]).toBe('FT-901.H');
    expect([...list].sort(compareAlarms('time', true)).map((a) => a.id)[0]).toBe('LIC-402.HH');
    expect([...list].sort(compareAlarms('tag')).map((a) => a.tag)).toEqual([
      'AI-702',
      'FT-901',
      'FT-901',
      'LIC-402',
      'LT-002',
    ]);
    expect([...list].sort(compareAlarms('state')).map((a) => a.state)[4]).toBe('Shelved');
  });

  it('filters by priority, state class, text and area', () => {
    expect(filterAlarms(list, { priorities: ['high'] }).map((a) => a.id)).toEqual([
      'FT-901.H',
      'LT-002.H',
    ]);
    expect(filterAlarms(list, { show: 'unacked' }).map((a) => a.id)).toEqual([
      'FT-901.H',
      'AI-702.H',
      'ZLD-DISCHARGE',
      'LT-002.H',
    ]);
    expect(filterAlarms(list, { show: 'active' })).toHaveLength(4);
    expect(filterAlarms(list, { show: 'shelved' }).map((a) => a.id)).toEqual(['LT-002.H']);
    expect(filterAlarms(list, { text: 'lic-402' }).map((a) => a.id)).toEqual(['LIC-402.HH']);
    const area = (tag: string) => (tag.startsWith('FT-9') ? 'outfall' : 'other');
    expect(filterAlarms(list, { areas: ['outfall'] }, area).map((a) => a.id)).toEqual([
      'FT-901.H',
      'ZLD-DISCHARGE',
    ]);
  });

  it('picks the top alarms, the alarms of a tag and the worst of a set', () => {
    expect(topAlarms(list, 2).map((a) => a.id)).toEqual(['ZLD-DISCHARGE', 'FT-901.H']);
    expect(alarmsOfTag(list, 'FT-901').map((a) => a.id)).toEqual(['FT-901.H', 'ZLD-DISCHARGE']);
    expect(worstAlarm(alarmsOfTag(list, 'FT-901'))!.id).toBe('ZLD-DISCHARGE');
    expect(worstAlarm([list[4]!])).toBeNull();
  });
});

describe('priorities', () => {
  it('give each priority its own shape and number, most urgent first', () => {
    expect(PRIORITY_ORDER).toEqual(['critical', 'high', 'medium', 'low']);
    const shapes = PRIORITY_ORDER.map((p) => PRIORITY_STYLE[p].shape);
    expect(new Set(shapes).size).toBe(4);
    expect(PRIORITY_ORDER.map((p) => PRIORITY_STYLE[p].rank)).toEqual([1, 2, 3, 4]);
    expect(new Set(shapes.map((s) => shapePath(s, 8))).size).toBe(4);
    expect(priorityRank('nonsense')).toBe(99);
  });
});

// KPIs on a fixture journal whose answers were worked out by hand (requirements 1.13, 1.15, 1.16).
import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { chatteringAlarms, staleAlarms } from './chattering.js';
import { alarmKpiReport, alarmRates, badActors, standingAndShelved } from './kpi.js';
import { at, fixtureJournal, FROM, TO } from './kpi.fixture.js';
import { priorityMix } from './priority-mix.js';

const journal = fixtureJournal();
const H = 3_600_000;

describe('alarm rates (requirement 1.16)', () => {
  // Annunciations: B01 24 + F01-F12 12 + C01 3 + C02 3 + SH1 1 + R01 2 (activate and re-alarm) = 45.
  // C03 was suppressed, S01 activated before the period, S02 only appears with an ack.
  const rates = alarmRates(journal, FROM, TO).all!;

  it('counts per hour, per 10 minutes and per day', () => {
    expect(rates.annunciations).toBe(45);
    expect(rates.perHour).toBeCloseTo(45 / 24, 12);
    expect(rates.per10Min).toBeCloseTo(45 / 144, 12);
    expect(rates.perDay).toBeCloseTo(45, 12);
    expect(rates.days).toEqual([{ day: '2025-01-01', count: 45 }]);
    expect(rates.maxPerDay).toBe(45);
  });

  it('finds the peaks: 13 in 10 min and 13 in an hour (the flood plus B01 at 10:05)', () => {
    expect(rates.peakPer10Min).toBe(13);
    expect(rates.peakPerHour).toBe(13);
    expect(rates.withinTargets).toEqual({
      averagePerHour: true,
      peakPerHour: true,
      perDay: true,
      peakPer10Min: false,
    });
  });

  it('splits by operator position', () => {
    const byConsole = alarmRates(journal, FROM, TO, (e) =>
      e.alarmId.startsWith('F') ? 'zld' : 'wet',
    );
    expect(byConsole.zld?.annunciations).toBe(12);
    expect(byConsole.wet?.annunciations).toBe(33);
    expect(byConsole.wet?.peakPer10Min).toBe(4); // C01 x3 at 14:00:00-14:00:40 and B01 at 14:05
  });
});

describe('bad actors (requirement 1.16)', () => {
  it('the top 10 are B01, C01, C02, R01 and F01-F06 (ties by id): 38 of 45', () => {
    const b = badActors(journal, FROM, TO);
    expect(b.top.map((a) => [a.alarmId, a.count])).toEqual([
      ['B01.H', 24],
      ['C01.H', 3],
      ['C02.H', 3],
      ['R01.H', 2],
      ['F01.H', 1],
      ['F02.H', 1],
      ['F03.H', 1],
      ['F04.H', 1],
      ['F05.H', 1],
      ['F06.H', 1],
    ]);
    expect(b.total).toBe(45);
    expect(b.topShare).toBeCloseTo(38 / 45, 12);
    expect(b.top[0]?.share).toBeCloseTo(24 / 45, 12);
  });
});

describe('standing and shelved alarms with durations (requirement 1.16)', () => {
  it('S01 has stood 25 h, S02 at least 22 h; SH1 has been shelved 4 h by op2', () => {
    const { standing, shelved } = standingAndShelved(journal, TO);
    expect(standing).toEqual([
      { alarmId: 'S01.HH', since: at(-1), sinceKnown: true, durationMs: 25 * H, user: null },
      { alarmId: 'S02.L', since: at(2), sinceKnown: false, durationMs: 22 * H, user: 'op1' },
    ]);
    expect(shelved).toEqual([
      { alarmId: 'SH1.H', since: at(20), sinceKnown: true, durationMs: 4 * H, user: 'op2' },
    ]);
  });
});

describe('chattering and stale alarms (requirement 1.15)', () => {
  it('C01 (3 in 40 s) and C03 (3 in exactly 60 s, suppressed) chatter; C02 (3 in 80 s) does not', () => {
    expect(chatteringAlarms(journal, FROM, TO)).toEqual([
      { alarmId: 'C01.H', activations: 3, maxInWindow: 3 },
      { alarmId: 'C03.L', activations: 3, maxInWindow: 3 },
    ]);
  });

  it('only S01 has been active for more than 24 h', () => {
    expect(staleAlarms(journal, FROM, TO)).toEqual([
      { alarmId: 'S01.HH', since: at(-1), sinceKnown: true, until: null, durationMs: 25 * H },
    ]);
  });

  it('the engine journal of a chattering switch is reported as chattering', () => {
    const h = new Harness([
      alarmDef({ id: 'LSH-215.DISCRETE', type: 'DISCRETE', activeWhen: true }),
    ]);
    for (let i = 0; i < 6; i++) {
      h.set('LSH-215', i % 2 === 0).advance(10);
    }
    expect(chatteringAlarms(h.journal, FROM, TO)).toEqual([
      { alarmId: 'LSH-215.DISCRETE', activations: 3, maxInWindow: 3 },
    ]);
  });
});

describe('priority distribution (requirement 1.13)', () => {
  it('annunciations in the fixture: 40 low, 4 medium, 1 high, close enough to 80/15/5', () => {
    const report = alarmKpiReport(journal, FROM, TO);
    expect(report.priorities.annunciated).toMatchObject({
      total: 45,
      counts: { critical: 0, high: 1, medium: 4, low: 40 },
      flagged: false,
    });
    expect(report.priorities.annunciated.shares.low).toBeCloseTo(40 / 45, 12);
  });

  it.each([
    ['80/15/5', { low: 80, medium: 15, high: 4, critical: 1 }, []],
    ['too many high', { low: 70, medium: 15, high: 15, critical: 0 }, ['high']],
    ['medium-heavy', { low: 60, medium: 35, high: 5, critical: 0 }, ['low', 'medium']],
    ['only low', { low: 100, medium: 0, high: 0, critical: 0 }, ['low', 'medium']],
    ['nothing at all', { low: 0, medium: 0, high: 0, critical: 0 }, []],
  ] as const)('%s -> flagged %j', (_label, n, flagged) => {
    const list = (['low', 'medium', 'high', 'critical'] as const).flatMap((p) =>
      Array<typeof p>(n[p]).fill(p),
    );
    expect(priorityMix(list).flaggedBands).toEqual(flagged);
  });

  it('checks the configured alarms when given the definitions', () => {
    const defs = [
      alarmDef({ id: 'A.H', priority: 'high' }),
      alarmDef({ id: 'B.H', priority: 'low' }),
    ];
    expect(alarmKpiReport(journal, FROM, TO, { defs }).priorities.configured).toMatchObject({
      total: 2,
      shares: { low: 0.5, medium: 0, high: 0.5 },
      flaggedBands: ['low', 'medium', 'high'],
    });
  });
});

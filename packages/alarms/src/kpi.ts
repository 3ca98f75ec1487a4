// Alarm-system KPIs computed from a journal (requirements 1.13-1.16): rates, peaks, bad actors, standing and shelved.
import type { AlarmDef } from '@zld/plant';
import { annunciations, byPosition, ONE_POSITION, type PositionOf } from './annunciations.js';
import {
  chatteringAlarms,
  staleAlarms,
  type ChatteringAlarm,
  type StaleAlarm,
} from './chattering.js';
import type { AlarmEvent } from './events.js';
import { floodReport, type FloodResult } from './flood.js';
import { durationOf, flagIntervals } from './intervals.js';
import { priorityMix, type PriorityMix } from './priority-mix.js';
import { maxInWindow } from './windows.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TEN_MIN = 600_000;

/** EEMUA 191 guide values, per operator position. */
export const KPI_TARGETS = {
  /** About one alarm per 10 minutes in steady operation. */
  steadyPer10Min: 1,
  averagePerHour: 5,
  peakPerHour: 15,
  /** Per day: 150 is manageable. */
  perDay: 150,
  /** More than this in 10 minutes is a flood. */
  per10MinFlood: 10,
} as const;

export interface RateKpis {
  annunciations: number;
  /** Average over [from, to). */
  perHour: number;
  per10Min: number;
  perDay: number;
  /** The most in any sliding 10 minutes / hour. */
  peakPer10Min: number;
  peakPerHour: number;
  /** Counts per UTC calendar day touching the period (`YYYY-MM-DD`). */
  days: { day: string; count: number }[];
  maxPerDay: number;
  withinTargets: {
    averagePerHour: boolean;
    peakPerHour: boolean;
    perDay: boolean;
    peakPer10Min: boolean;
  };
}

/** Annunciation rates in [from, to) per operator position. */
export function alarmRates(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  positionOf: PositionOf = ONE_POSITION,
): Record<string, RateKpis> {
  const out: Record<string, RateKpis> = {};
  for (const [position, list] of byPosition(annunciations(events, from, to), positionOf)) {
    out[position] = ratesOf(
      list.map((e) => e.ts),
      from,
      to,
    );
  }
  return out;
}

function ratesOf(times: number[], from: number, to: number): RateKpis {
  const span = Math.max(1, to - from);
  const n = times.length;
  const days = new Map<string, number>();
  for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) days.set(dayOf(d), 0);
  for (const t of times) days.set(dayOf(t), (days.get(dayOf(t)) ?? 0) + 1);
  const dayList = [...days].map(([day, count]) => ({ day, count }));
  const maxPerDay = Math.max(0, ...dayList.map((d) => d.count));
  const perHour = (n * HOUR) / span;
  const peakPer10Min = maxInWindow(times, TEN_MIN);
  const peakPerHour = maxInWindow(times, HOUR);
  return {
    annunciations: n,
    perHour,
    per10Min: (n * TEN_MIN) / span,
    perDay: (n * DAY) / span,
    peakPer10Min,
    peakPerHour,
    days: dayList,
    maxPerDay,
    withinTargets: {
      averagePerHour: perHour <= KPI_TARGETS.averagePerHour,
      peakPerHour: peakPerHour <= KPI_TARGETS.peakPerHour,
      perDay: maxPerDay <= KPI_TARGETS.perDay,
      peakPer10Min: peakPer10Min <= KPI_TARGETS.per10MinFlood,
    },
  };
}

const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);

export interface BadActors {
  total: number;
  top: { alarmId: string; count: number; share: number }[];
  /** The top alarms' share of all annunciations, 0-1. */
  topShare: number;
}

/** The alarms that make up most of the load: the top N by annunciations in [from, to). */
export function badActors(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  n = 10,
): BadActors {
  const list = annunciations(events, from, to);
  const counts = new Map<string, number>();
  for (const e of list) counts.set(e.alarmId, (counts.get(e.alarmId) ?? 0) + 1);
  const total = list.length;
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([alarmId, count]) => ({ alarmId, count, share: count / total }));
  const topCount = top.reduce((s, a) => s + a.count, 0);
  return { total, top, topShare: total ? topCount / total : 0 };
}

export interface HeldAlarm {
  alarmId: string;
  since: number;
  sinceKnown: boolean;
  durationMs: number;
  /** Who shelved it (shelved alarms). */
  user: string | null;
}

/** Alarms standing (active) and shelved at `to`, longest first. */
export function standingAndShelved(
  events: readonly AlarmEvent[],
  to: number,
): { standing: HeldAlarm[]; shelved: HeldAlarm[] } {
  const held = (ivs: ReturnType<typeof flagIntervals>): HeldAlarm[] =>
    ivs
      .filter((iv) => iv.end === null)
      .map((iv) => ({
        alarmId: iv.alarmId,
        since: iv.start,
        sinceKnown: iv.startKnown,
        durationMs: durationOf(iv, to),
        user: iv.user,
      }))
      .sort((a, b) => b.durationMs - a.durationMs || a.alarmId.localeCompare(b.alarmId));
  return {
    standing: held(flagIntervals(events, (f) => f.active, ['activate'], to)),
    shelved: held(
      flagIntervals(events, (f) => f.shelving !== 'Unshelved', ['shelve', 'one-shot-shelve'], to),
    ),
  };
}

export interface KpiReport {
  from: number;
  to: number;
  rates: Record<string, RateKpis>;
  flood: Record<string, FloodResult>;
  priorities: { configured: PriorityMix | null; annunciated: PriorityMix };
  badActors: BadActors;
  chattering: ChatteringAlarm[];
  stale: StaleAlarm[];
  standing: HeldAlarm[];
  shelved: HeldAlarm[];
}

/** Every KPI of the alarm system for [from, to). Pass `defs` to also check the configured priorities. */
export function alarmKpiReport(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  opts: { defs?: readonly AlarmDef[]; positionOf?: PositionOf } = {},
): KpiReport {
  const positionOf = opts.positionOf ?? ONE_POSITION;
  return {
    from,
    to,
    rates: alarmRates(events, from, to, positionOf),
    flood: floodReport(events, from, to, { positionOf }),
    priorities: {
      configured: opts.defs ? priorityMix(opts.defs.map((d) => d.priority)) : null,
      annunciated: priorityMix(annunciations(events, from, to).map((e) => e.priority)),
    },
    badActors: badActors(events, from, to),
    chattering: chatteringAlarms(events, from, to),
    stale: staleAlarms(events, from, to),
    ...standingAndShelved(events, to),
  };
}

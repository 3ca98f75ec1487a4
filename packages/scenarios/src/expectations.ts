// Expectations, watched every plant second: each ends passed or failed with what was expected, what was seen, and when.
import type { PublicAlarm } from '@zld/alarms';
import type { Plant } from '@zld/plant';
import { formatPlantTime as fmt } from './duration.js';
import type { AlarmState, Expectation } from './schema.js';

/** What the watchers read from the engine at a plant second. */
export interface Probe {
  alarm(id: string): PublicAlarm | undefined;
  activeAlarms(): PublicAlarm[];
  value(tag: string): number | boolean | null;
  residualKgH(window: string): number | null;
  /** The water balance's questionable flag (a meter or level not Good), null before its first result. */
  balanceQuestionable(): boolean | null;
}

export interface ExpectationResult {
  index: number;
  /** The expectation in words: `ZLD-DISCHARGE active within 60s after 10m`. */
  label: string;
  ok: boolean;
  expected: string;
  seen: string;
  /** Plant seconds from the start where it was decided. */
  atS: number;
}

interface Watcher {
  /** Sees plant second `t`; answers a result once decided. */
  observe(t: number, probe: Probe): ExpectationResult | null;
  /** The run ended: what is still undecided. */
  finish(t: number, probe: Probe): ExpectationResult;
}

const num = (v: number) => Number(v.toPrecision(6));

function inState(a: PublicAlarm, s: AlarmState): boolean {
  if (s === 'active') return a.active;
  if (s === 'acknowledged') return a.active && a.acked;
  if (s === 'shelved') return a.shelving !== 'Unshelved';
  return !a.active;
}

function describeAlarm(a: PublicAlarm | undefined): string {
  if (!a) return 'no such alarm';
  const parts = [a.active ? 'active' : 'normal', a.acked ? 'acknowledged' : 'unacknowledged'];
  if (a.shelving !== 'Unshelved') parts.push(a.shelving);
  if (a.outOfService) parts.push('out of service');
  return `${parts.join(', ')}; value ${String(a.value)} (limit ${a.limit ?? '-'})`;
}

export function watcherOf(e: Expectation, index: number, plant: Plant, endS: number): Watcher {
  const result = (ok: boolean, label: string, expected: string, seen: string, atS: number) => ({
    index,
    label,
    ok,
    expected,
    seen,
    atS,
  });

  if ('alarm' in e) {
    const state = e.state ?? 'active';
    const from = e.after ?? 0;
    const to = from + e.within;
    const label = `${e.alarm} ${state} within ${fmt(e.within)} after ${fmt(from)}`;
    const expected = `${e.alarm} ${state} between ${fmt(from)} and ${fmt(to)}`;
    return {
      observe(t, probe) {
        if (t < from) return null;
        const a = probe.alarm(e.alarm);
        if (a && inState(a, state))
          return result(true, label, expected, `${state} at ${fmt(t)}`, t);
        if (t >= to) return result(false, label, expected, `at ${fmt(t)}: ${describeAlarm(a)}`, t);
        return null;
      },
      finish(t, probe) {
        return result(
          false,
          label,
          expected,
          `run ended at ${fmt(t)}: ${describeAlarm(probe.alarm(e.alarm))}`,
          t,
        );
      },
    };
  }

  if ('noAlarm' in e) {
    const [from, to] = e.during ?? [0, endS];
    const f = e.noAlarm;
    const what = [
      f.ids ? `ids ${f.ids.join(', ')}` : '',
      f.priority ? `priority ${f.priority.join('/')}` : '',
      f.class ? `class ${f.class.join('/')}` : '',
      f.area ? `area ${f.area.join('/')}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const label = `no alarm (${what}) from ${fmt(from)} to ${fmt(to)}`;
    const defs = new Map(plant.alarms.map((a) => [a.id, a]));
    const matches = (a: PublicAlarm) => {
      const d = defs.get(a.id);
      const area = plant.tagByName.get(a.tag)?.area;
      return (
        (!f.ids || f.ids.includes(a.id)) &&
        (!f.priority || f.priority.includes(a.priority)) &&
        (!f.class || (d !== undefined && f.class.includes(d.class))) &&
        (!f.area || (area !== undefined && f.area.includes(area)))
      );
    };
    return {
      observe(t, probe) {
        if (t < from || t > to)
          return t > to ? result(true, label, 'none active', 'none', t) : null;
        const bad = probe.activeAlarms().filter(matches);
        if (bad.length === 0) return null;
        const seen = bad.map((a) => `${a.id} (${a.priority}, ${a.message})`).join('; ');
        return result(false, label, 'none active', `at ${fmt(t)}: ${seen}`, t);
      },
      finish(t) {
        return result(true, label, 'none active', 'none', t);
      },
    };
  }

  if ('tag' in e) {
    const want = e.between ? `within [${e.between[0]}, ${e.between[1]}]` : `= ${String(e.equals)}`;
    const fits = (v: number | boolean | null) =>
      e.between
        ? typeof v === 'number' && v >= e.between[0] && v <= e.between[1]
        : v !== null && (v === e.equals || Number(v) === Number(e.equals));
    const show = (v: number | boolean | null) =>
      typeof v === 'number' ? String(num(v)) : String(v);
    const expected = `${e.tag} ${want}`;
    if (e.at !== undefined) {
      const at = e.at;
      const label = `${e.tag} ${want} at ${fmt(at)}`;
      return {
        observe(t, probe) {
          if (t < at) return null;
          const v = probe.value(e.tag);
          return result(fits(v), label, expected, `${show(v)} at ${fmt(t)}`, t);
        },
        finish(t) {
          return result(false, label, expected, `run ended at ${fmt(t)} before ${fmt(at)}`, t);
        },
      };
    }
    const [from, to] = e.throughout!;
    const label = `${e.tag} ${want} from ${fmt(from)} to ${fmt(to)}`;
    let min = Infinity;
    let max = -Infinity;
    const range = () =>
      min <= max ? `between ${num(min)} and ${num(max)}` : 'as expected throughout';
    return {
      observe(t, probe) {
        if (t < from) return null;
        if (t > to) return result(true, label, expected, range(), t);
        const v = probe.value(e.tag);
        if (!fits(v)) return result(false, label, expected, `${show(v)} at ${fmt(t)}`, t);
        if (typeof v === 'number') {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        return null;
      },
      finish(t) {
        return t >= to
          ? result(true, label, expected, range(), t)
          : result(false, label, expected, `run ended at ${fmt(t)} before ${fmt(to)}`, t);
      },
    };
  }

  if ('balanceQuality' in e) {
    const from = e.after ?? 0;
    const to = from + e.within;
    const want = e.balanceQuality === 'questionable';
    const label = `water balance ${e.balanceQuality} within ${fmt(e.within)} after ${fmt(from)}`;
    const expected = `the water balance ${e.balanceQuality} between ${fmt(from)} and ${fmt(to)}`;
    const show = (q: boolean | null) =>
      q === null ? 'no balance yet' : q ? 'questionable' : 'trusted';
    return {
      observe(t, probe) {
        if (t < from) return null;
        const q = probe.balanceQuestionable();
        if (q === want) return result(true, label, expected, `${show(q)} at ${fmt(t)}`, t);
        return t >= to ? result(false, label, expected, `${show(q)} at ${fmt(t)}`, t) : null;
      },
      finish(t, probe) {
        return result(
          false,
          label,
          expected,
          `run ended at ${fmt(t)}: ${show(probe.balanceQuestionable())}`,
          t,
        );
      },
    };
  }

  // The balance window's residual: positive = water leaving unmetered (a loss).
  const sign = e.residual;
  const expected = `${e.balance} residual ${sign} (${sign === 'positive' ? 'a loss' : 'a gain'})`;
  const ok = (r: number) => (sign === 'positive' ? r > 0 : r < 0);
  if (e.at !== undefined) {
    const at = e.at;
    const label = `${e.balance} residual ${sign} at ${fmt(at)}`;
    return {
      observe(t, probe) {
        if (t < at) return null;
        const r = probe.residualKgH(e.balance);
        const seen = r === null ? `no residual yet at ${fmt(t)}` : `${num(r)} kg/h at ${fmt(t)}`;
        return result(r !== null && ok(r), label, expected, seen, t);
      },
      finish(t) {
        return result(false, label, expected, `run ended at ${fmt(t)} before ${fmt(at)}`, t);
      },
    };
  }
  const [from, to] = e.over!;
  const label = `${e.balance} residual ${sign} as the mean from ${fmt(from)} to ${fmt(to)}`;
  let sum = 0;
  let n = 0;
  const decide = (t: number) => {
    const mean = n > 0 ? sum / n : null;
    const seen = mean === null ? 'no residual in the window' : `mean ${num(mean)} kg/h over ${n} s`;
    return result(mean !== null && ok(mean), label, expected, seen, t);
  };
  return {
    observe(t, probe) {
      if (t < from) return null;
      if (t > to) return decide(t);
      const r = probe.residualKgH(e.balance);
      if (r !== null) {
        sum += r;
        n++;
      }
      return null;
    },
    finish: (t) => decide(t),
  };
}

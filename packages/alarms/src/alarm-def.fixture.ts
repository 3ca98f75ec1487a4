// Test helpers: alarm definitions built in code, and a harness that drives a real engine on a fake clock.
import type { AlarmDef } from '@zld/plant';
import { ManualClock, type Quality, type Value } from '@zld/tags';
import { AlarmEngine, type AlarmEngineOptions, type AlarmUpdate } from './engine.js';
import type { AlarmEvent } from './events.js';
import type { AlarmInput } from './reading.js';
import type { IsaState } from './state.js';

/** 2025-01-01T00:00:00Z */
export const T0 = Date.UTC(2025, 0, 1);

/** A complete master-alarm-database record; override what the test is about. */
export function alarmDef(over: Partial<AlarmDef> & Pick<AlarmDef, 'id'>): AlarmDef {
  return {
    tag: over.id.split('.')[0] ?? over.id,
    type: 'H',
    priority: 'medium',
    severity: 500,
    message: `${over.id} ALARM`,
    limit: 80,
    deadband: 0,
    onDelayS: 0,
    offDelayS: 0,
    latched: false,
    cause: 'cause',
    consequence: 'consequence',
    action: 'action',
    responseTimeS: 300,
    class: 'process',
    rationale: 'rationale',
    approver: 'approver',
    ...over,
  };
}

/** A real engine, a fake clock, a value table and the journal so far. */
export class Harness {
  readonly clock = new ManualClock(T0);
  readonly values = new Map<string, AlarmInput>();
  readonly journal: AlarmEvent[] = [];
  engine: AlarmEngine;

  constructor(
    readonly defs: AlarmDef[],
    readonly opts: AlarmEngineOptions = {},
  ) {
    this.engine = new AlarmEngine(defs, opts);
  }

  get now(): number {
    return this.clock.now();
  }

  /** Sets a tag's value (Good unless told) without evaluating. */
  set(tag: string, value: Value, quality: Quality = 'Good'): this {
    this.values.set(tag, { value: quality.startsWith('Bad') ? null : value, quality });
    return this;
  }

  /** Evaluates now; returns the events. */
  tick(): AlarmEvent[] {
    return this.record(this.engine.evaluate(this.values, this.now));
  }

  /** Moves the clock on by `s` seconds, evaluating every `stepS` seconds on the way; returns the events. */
  advance(s: number, stepS = 1): AlarmEvent[] {
    const out: AlarmEvent[] = [];
    const end = this.now + s * 1000;
    while (this.now < end) {
      this.clock.set(Math.min(end, this.now + stepS * 1000));
      out.push(...this.tick());
    }
    return out;
  }

  /** Runs a command at the current time and records its events. */
  do(cmd: (e: AlarmEngine, now: number) => AlarmUpdate): AlarmEvent[] {
    return this.record(cmd(this.engine, this.now));
  }

  state(id: string): IsaState {
    const a = this.engine.get(id);
    if (!a) throw new Error(`no alarm ${id}`);
    return a.state;
  }

  alarm(id: string) {
    const a = this.engine.get(id);
    if (!a) throw new Error(`no alarm ${id}`);
    return a;
  }

  private record(u: AlarmUpdate): AlarmEvent[] {
    this.journal.push(...u.events);
    return u.events;
  }
}

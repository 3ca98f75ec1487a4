// The alarm engine: holds every alarm's state, evaluates it against tag values at a given time, and applies
// operator commands. It owns no timer and does no I/O: the caller passes `now` and stores the events it returns.
import type { AlarmDef } from '@zld/plant';
import {
  ackFields,
  checkReset,
  inServiceFields,
  outOfServiceFields,
  UNACKED,
  type AckRequest,
  type ActorRequest,
} from './commands.js';
import { AlarmCommandError } from './errors.js';
import { evaluateAlarm } from './evaluators.js';
import { FirstOutGroups } from './first-out.js';
import { makeEvent, type Actor, type AlarmEvent, type AlarmEventKind } from './events.js';
import { toPublicAlarm, type PublicAlarm } from './public-alarm.js';
import type { TagLookup } from './reading.js';
import {
  oneShotShelve,
  shelvingExpired,
  timedShelve,
  unshelve,
  UNSHELVED,
  type ShelveRequest,
  type TimedShelveRequest,
} from './shelving.js';
import {
  applySettings,
  checkSettings,
  settingsDiff,
  SETTING_FIELDS,
  type AlarmSettings,
} from './settings.js';
import { initialAlarmState, isaStateOf, isListed, type AlarmState } from './state.js';
import { nextSuppressed, stepTiming } from './timing.js';

export interface AlarmEngineOptions {
  /** MaxTimeShelved, ms (default 8 h: one shift; a GUESS to tune). */
  maxShelveMs?: number;
  /** Rate-of-change window, seconds (default 60). */
  rocWindowS?: number;
}

export const DEFAULT_MAX_SHELVE_MS = 8 * 3_600_000;
export const DEFAULT_ROC_WINDOW_S = 60;

/** The engine's whole state as plain JSON (persist it, and restore with `new AlarmEngine(defs, opts, state)`). */
export interface EngineState {
  version: 1;
  /** The last journal sequence number issued. */
  seq: number;
  alarms: Record<string, AlarmState>;
  /** Settings engineers changed, per alarm id (absent in states saved before such changes existed). */
  settings?: Record<string, AlarmSettings>;
}

/** What a call changed: the journal events, and the public objects of the alarms they touched. */
export interface AlarmUpdate {
  events: AlarmEvent[];
  changed: PublicAlarm[];
}

export class AlarmEngine {
  private readonly defById = new Map<string, AlarmDef>();
  private readonly states = new Map<string, AlarmState>();
  private readonly groups: FirstOutGroups;
  private readonly maxShelveMs: number;
  private readonly rocWindowS: number;
  private readonly stateOf = (id: string): AlarmState => {
    const st = this.states.get(id);
    if (!st) throw new Error(`alarm ${id} has no state`);
    return st;
  };
  private seq: number;
  private lastNow = 0;
  /** The plant file's definitions, before any engineer's change. */
  private readonly designed = new Map<string, AlarmDef>();
  private readonly settings = new Map<string, AlarmSettings>();

  constructor(defs: readonly AlarmDef[], opts: AlarmEngineOptions = {}, state?: EngineState) {
    this.maxShelveMs = opts.maxShelveMs ?? DEFAULT_MAX_SHELVE_MS;
    this.rocWindowS = opts.rocWindowS ?? DEFAULT_ROC_WINDOW_S;
    if (state !== undefined && state.version !== 1) {
      throw new Error(`unsupported alarm engine state version ${String(state.version)}`);
    }
    this.seq = state?.seq ?? 0;
    for (const def of defs) {
      this.designed.set(def.id, def);
      const changed = state?.settings?.[def.id];
      if (changed !== undefined) this.settings.set(def.id, { ...changed });
      this.defById.set(def.id, applySettings(def, changed));
      // fields missing from an older saved state start at their initial values
      const saved = state?.alarms[def.id];
      this.states.set(def.id, { ...initialAlarmState(def.id), ...structuredClone(saved ?? {}) });
    }
    this.groups = new FirstOutGroups(this.defById.values());
  }

  /** Evaluates every alarm against `values` at `now`. Call it on new values and at least once a second. */
  evaluate(values: TagLookup, now: number): AlarmUpdate {
    this.lastNow = now;
    const out: AlarmEvent[] = [];
    for (const def of this.defById.values()) this.evaluateOne(def, values, now, out);
    this.resetIdleGroups(now, out);
    return this.update(out);
  }

  /** Ack: an unknown id or EventId is Bad_EventIdUnknown, a second ack Bad_ConditionBranchAlreadyAcked. */
  ack(id: string, req: AckRequest, now: number): AlarmUpdate {
    const def = this.defById.get(id);
    if (!def) throw new AlarmCommandError('Bad_EventIdUnknown', `no alarm ${id}`);
    const fields = ackFields(this.stateOf(id), req, now);
    return this.command(def, 'ack', { user: req.user, comment: req.comment }, now, fields);
  }

  timedShelve(id: string, req: TimedShelveRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    const fields = timedShelve(this.stateOf(id), req, now, this.maxShelveMs);
    return this.command(def, 'shelve', reasonOf(req), now, fields);
  }

  oneShotShelve(id: string, req: ShelveRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    const fields = oneShotShelve(this.stateOf(id), req, now, this.maxShelveMs);
    return this.command(def, 'one-shot-shelve', reasonOf(req), now, fields);
  }

  unshelve(id: string, req: ActorRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    return this.command(def, 'unshelve', reasonOf(req), now, unshelve(this.stateOf(id)));
  }

  removeFromService(id: string, req: ActorRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    const fields = outOfServiceFields(this.stateOf(id), req);
    return this.command(def, 'out-of-service', reasonOf(req), now, fields);
  }

  returnToService(id: string, req: ActorRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    return this.command(def, 'in-service', reasonOf(req), now, inServiceFields(this.stateOf(id)));
  }

  /** Reset of a latched alarm: allowed only once its condition has cleared on good inputs. */
  reset(id: string, req: ActorRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    const st = this.stateOf(id);
    checkReset(st);
    return this.run(now, (out) => this.deactivate(def, st, now, 'reset', reasonOf(req), out));
  }

  /**
   * An engineer's change of a limit or rate-of-change alarm's limit, deadband or delays (refused with
   * Bad_OutOfRange when not sane, see `checkSettings`). The change holds until changed again, survives
   * `toJSON`, and is journaled as `settings-change` with the old and new values and the reason.
   */
  changeSettings(id: string, change: AlarmSettings, req: ActorRequest, now: number): AlarmUpdate {
    const def = this.defOf(id);
    const merged: AlarmSettings = { ...this.settings.get(id) };
    for (const k of SETTING_FIELDS) if (change[k] !== undefined) merged[k] = change[k];
    const next = applySettings(this.designed.get(id)!, merged);
    const siblings = [...this.defById.values()].filter((d) => d.tag === def.tag && d.id !== id);
    checkSettings(def, next, siblings);
    const diff = settingsDiff(def, next);
    if (Object.keys(diff).length === 0)
      throw new AlarmCommandError('Bad_InvalidState', `${id}: the settings are already so`);
    this.settings.set(id, merged);
    this.defById.set(id, next);
    const text = Object.entries(diff)
      .map(([k, [a, b]]) => `${k} ${String(a)} -> ${String(b)}`)
      .join(', ');
    const comment = req.reason === undefined ? text : `${text}: ${req.reason}`;
    return this.command(next, 'settings-change', { user: req.user, comment }, now, {});
  }

  /** An alarm's definition as it stands (with engineers' changes), or undefined. */
  definition(id: string): AlarmDef | undefined {
    return this.defById.get(id);
  }

  /** Clears a first-out group by hand, so that the next alarm to activate in it becomes first out. */
  resetFirstOut(group: string, req: ActorRequest, now: number): AlarmUpdate {
    if (!this.groups.has(group)) {
      throw new AlarmCommandError('Bad_NodeIdUnknown', `no first-out group ${group}`);
    }
    const holder = this.groups.holder(group, this.stateOf);
    if (!holder) throw new AlarmCommandError('Bad_InvalidState', `group ${group} has no first out`);
    return this.command(holder, 'first-out-reset', reasonOf(req), now, { firstOut: false });
  }

  /** The alarms not in Normal state (GET /api/alarms), in definition order. */
  list(): PublicAlarm[] {
    return this.all().filter((a) => a.state !== 'Normal');
  }

  /** Every alarm, Normal ones included. */
  all(): PublicAlarm[] {
    return [...this.defById.values()].map((d) =>
      toPublicAlarm(d, this.stateOf(d.id), this.lastNow),
    );
  }

  get(id: string): PublicAlarm | undefined {
    const def = this.defById.get(id);
    return def ? toPublicAlarm(def, this.stateOf(def.id), this.lastNow) : undefined;
  }

  /** The first-out groups and the alarm holding each (or null). */
  firstOutGroups(): Record<string, string | null> {
    return this.groups.snapshot(this.stateOf);
  }

  toJSON(): EngineState {
    const alarms: Record<string, AlarmState> = {};
    for (const [id, st] of this.states) alarms[id] = structuredClone(st);
    const settings: Record<string, AlarmSettings> = {};
    for (const [id, v] of this.settings) settings[id] = { ...v };
    return { version: 1, seq: this.seq, alarms, ...(this.settings.size > 0 ? { settings } : {}) };
  }

  private evaluateOne(def: AlarmDef, values: TagLookup, now: number, out: AlarmEvent[]): void {
    const st = this.stateOf(def.id);
    if (shelvingExpired(st, now)) this.change(def, st, 'auto-unshelve', now, {}, out, UNSHELVED);
    const ev = evaluateAlarm(def, values, st, now, { rocWindowS: this.rocWindowS });
    const qualityChanged = ev.reading.quality !== st.quality;
    const listedBefore = isListed(st);
    const emittedBefore = out.length;
    st.value = ev.reading.value;
    st.quality = ev.reading.quality;
    st.condition = ev.reading.truth;
    st.timers = ev.timers;
    st.samples = ev.samples;

    const suppressed = ev.suppress ? nextSuppressed(st.suppressed, ev.suppress) : st.suppressed;
    if (suppressed !== st.suppressed) {
      this.change(def, st, suppressed ? 'suppress' : 'unsuppress', now, {}, out, { suppressed });
    }

    const step = stepTiming(def, st, ev.reading, now);
    st.pendingSince = step.pendingSince;
    st.clearingSince = step.clearingSince;
    if (step.change === 'activate') this.activate(def, st, now, out);
    else if (step.change === 'clear') this.deactivate(def, st, now, 'clear', {}, out);

    if (dueForReAlarm(def, st, now)) {
      this.change(def, st, 'realarm', now, {}, out, (seq) => ({ ...UNACKED, eventId: seq }));
    }
    if (qualityChanged && out.length === emittedBefore && (listedBefore || isListed(st))) {
      this.change(def, st, 'quality', now, {}, out, {});
    }
  }

  private activate(def: AlarmDef, st: AlarmState, now: number, out: AlarmEvent[]): void {
    const firstOut = st.firstOut || this.groups.claims(def, st, this.stateOf);
    this.change(def, st, 'activate', now, {}, out, (seq) => ({
      ...UNACKED,
      active: true,
      activeSince: now,
      eventId: seq,
      latched: def.latched,
      firstOut,
    }));
  }

  /** Return to inactive (clear or reset); a one-shot shelve ends here. */
  private deactivate(
    def: AlarmDef,
    st: AlarmState,
    now: number,
    kind: 'clear' | 'reset',
    actor: Actor,
    out: AlarmEvent[],
  ): void {
    this.change(def, st, kind, now, actor, out, {
      active: false,
      latched: false,
      inactiveSince: now,
      pendingSince: null,
      clearingSince: null,
    });
    if (st.shelving === 'OneShotShelved')
      this.change(def, st, 'auto-unshelve', now, {}, out, UNSHELVED);
  }

  /** A first-out group resets by itself once every member is inactive and acknowledged. */
  private resetIdleGroups(now: number, out: AlarmEvent[]): void {
    for (const holder of this.groups.idleHolders(this.stateOf)) {
      this.change(holder, this.stateOf(holder.id), 'first-out-reset', now, {}, out, {
        firstOut: false,
      });
    }
  }

  /** Applies `fields` to `st` and journals the change; `fields` may depend on the event's sequence number. */
  private change(
    def: AlarmDef,
    st: AlarmState,
    kind: AlarmEventKind,
    now: number,
    actor: Actor,
    out: AlarmEvent[],
    fields: Partial<AlarmState> | ((seq: number) => Partial<AlarmState>),
  ): void {
    const from = isaStateOf(st);
    const seq = ++this.seq;
    Object.assign(st, typeof fields === 'function' ? fields(seq) : fields, { lastChange: now });
    out.push(makeEvent(seq, now, def, kind, from, st, actor));
  }

  /** One command that sets `fields` on one alarm. */
  private command(
    def: AlarmDef,
    kind: AlarmEventKind,
    actor: Actor,
    now: number,
    fields: Partial<AlarmState>,
  ): AlarmUpdate {
    return this.run(now, (out) =>
      this.change(def, this.stateOf(def.id), kind, now, actor, out, fields),
    );
  }

  private run(now: number, body: (out: AlarmEvent[]) => void): AlarmUpdate {
    this.lastNow = Math.max(this.lastNow, now);
    const out: AlarmEvent[] = [];
    body(out);
    this.resetIdleGroups(now, out);
    return this.update(out);
  }

  private update(events: AlarmEvent[]): AlarmUpdate {
    const ids = [...new Set(events.map((e) => e.alarmId))];
    return { events, changed: ids.flatMap((id) => this.get(id) ?? []) };
  }

  private defOf(id: string): AlarmDef {
    const def = this.defById.get(id);
    if (!def) throw new AlarmCommandError('Bad_NodeIdUnknown', `no alarm ${id}`);
    return def;
  }
}

/** Re-alarm (OPC UA ReAlarmTime): still active `reAlarmS` after the operator acknowledged it. */
function dueForReAlarm(def: AlarmDef, st: AlarmState, now: number): boolean {
  if (def.reAlarmS === undefined || !st.active || !st.acked || st.ackedAt === null) return false;
  return now - st.ackedAt >= def.reAlarmS * 1000;
}

function reasonOf(req: ActorRequest): Actor {
  return { user: req.user, ...(req.reason !== undefined ? { comment: req.reason } : {}) };
}

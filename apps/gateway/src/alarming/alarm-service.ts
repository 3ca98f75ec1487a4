// The gateway's alarm service: owns the ISA-18.2 engine, evaluates it on new values and on a tick (gateway clock), journals, audits, notifies.
import {
  AlarmCommandError,
  AlarmEngine,
  alarmKpiReport,
  FLOOD_WINDOW_MS,
  floodStatus,
  isAnnunciation,
  STALE_AFTER_MS,
  type AlarmEvent,
  type AlarmInput,
  type AlarmUpdate,
  type FloodStatus,
  type KpiReport,
  type PublicAlarm,
  SETTING_FIELDS,
  type AlarmSettings,
} from '@zld/alarms';
import { conditionTags, type AlarmDef, type Plant } from '@zld/plant';
import type { TagValue } from '@zld/tags';
import type {
  AlarmActor,
  AlarmCommandName,
  AlarmListener,
  AlarmServiceOptions,
} from './alarm-types.js';
import { readbackAlarmId, ReadbackFailures, type ReadbackFailureInput } from './readback-alarms.js';
import { commInput } from './comm-alarms.js';
import { gatewayAlarmDefs, systemInput } from './system-alarms.js';

export type {
  AlarmActor,
  AlarmAuditSink,
  AlarmCommandName,
  AlarmListener,
  AlarmServiceOptions,
  AlarmSource,
} from './alarm-types.js';

/** How far before `from` the KPI report reads the journal, so stale and standing alarms are seen whole. */
const KPI_LOOKBACK_MS = STALE_AFTER_MS + FLOOD_WINDOW_MS;

/**
 * Evaluation: on every batch of changes that touches an alarm input (coalesced to one evaluation per
 * event-loop turn) and on a timer, so on/off delays, auto-unshelve and re-alarm fire on time even when
 * no value changes. `now` is always the gateway clock. Each engine call's events and the states of the
 * alarms they touched are journaled in one transaction before listeners hear of the change.
 */
export class AlarmService {
  readonly plant: Plant;
  private readonly engine: AlarmEngine;
  private readonly defs: readonly AlarmDef[];
  private readonly o: AlarmServiceOptions;
  private readonly inputs: ReadonlySet<string>;
  private readonly readbacks: ReadbackFailures;
  private readonly lookup: (name: string) => AlarmInput | undefined;
  private listeners: readonly AlarmListener[] = [];
  /** Annunciations of the last flood window, for the live flood status. */
  private recent: AlarmEvent[] = [];
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private saver: ReturnType<typeof setInterval> | null = null;
  private scheduled = false;
  private stopped = false;

  constructor(options: AlarmServiceOptions) {
    this.o = options;
    this.plant = options.plant;
    const { plant, plcConnected: connected, system } = options;
    this.defs = gatewayAlarmDefs(plant, connected, system);
    this.engine = new AlarmEngine(this.defs, options.engine ?? {}, options.journal.loadState());
    this.inputs = new Set(this.defs.flatMap(inputTagsOf));
    this.readbacks = new ReadbackFailures(options.plant);
    const { source } = options;
    const input = (n: string) => this.readbacks.input(n) ?? commInput(n, connected);
    this.lookup = (n) => input(n) ?? systemInput(n, system) ?? source.value(n);
    const since = options.clock.now() - FLOOD_WINDOW_MS;
    this.recent = options.journal
      .query({ from: since, to: Number.MAX_SAFE_INTEGER, limit: -1 })
      .filter(isAnnunciation);
  }

  /** Subscribes to the source and starts the timers; idempotent. */
  start(): void {
    if (this.unsubscribe !== null || this.stopped) return;
    this.unsubscribe = this.o.source.subscribe((changes) => this.onChanges(changes));
    const every = this.o.evaluateEveryMs ?? 250;
    if (every > 0) this.timer = setInterval(() => this.tickSafely(), every);
    const saveEvery = this.o.saveEveryMs ?? 10_000;
    if (saveEvery > 0) this.saver = setInterval(() => this.save(), saveEvery);
    this.tick();
  }

  /** Stops evaluating, saves the whole state and (unless `closeJournal: false`) closes the journal. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.saver !== null) clearInterval(this.saver);
    this.timer = this.saver = null;
    this.save();
    if (this.o.closeJournal !== false) this.o.journal.close();
  }

  /** Evaluates every alarm now (gateway clock) and answers what changed. */
  tick(): AlarmUpdate {
    this.scheduled = false;
    if (this.stopped) return { events: [], changed: [] };
    const now = this.o.clock.now();
    this.readbacks.settle((tag) => this.o.source.value(tag));
    return this.commit(this.engine.evaluate(this.lookup, now), now);
  }

  /** Listeners get the public objects of the alarms an evaluation or command changed. */
  onChange(listener: AlarmListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** The gateway clock's time, epoch ms. */
  now(): number {
    return this.o.clock.now();
  }

  /** The alarms not in Normal state (GET /api/alarms and the snapshot of the `alarms` event). */
  list(): PublicAlarm[] {
    return this.engine.list();
  }

  get(id: string): PublicAlarm | undefined {
    return this.engine.get(id);
  }

  has(id: string): boolean {
    return this.engine.get(id) !== undefined;
  }

  /** Every alarm definition the engine holds (the plant's master alarm database, write verification, PLC communication, system). */
  definitions(): readonly AlarmDef[] {
    return this.defs.map((d) => this.engine.definition(d.id) ?? d);
  }

  ack(
    id: string,
    actor: AlarmActor,
    req: { comment?: string; eventId?: number } = {},
  ): PublicAlarm {
    return this.command('ack', id, actor, req.comment ?? null, { eventId: req.eventId }, (now) =>
      this.engine.ack(
        id,
        {
          user: actor.user,
          ...(req.comment !== undefined ? { comment: req.comment } : {}),
          ...(req.eventId !== undefined ? { eventId: req.eventId } : {}),
        },
        now,
      ),
    );
  }

  shelve(id: string, actor: AlarmActor, req: { minutes: number; reason: string }): PublicAlarm {
    return this.command('shelve', id, actor, req.reason, { minutes: req.minutes }, (now) =>
      this.engine.timedShelve(
        id,
        { user: actor.user, reason: req.reason, durationMs: req.minutes * 60_000 },
        now,
      ),
    );
  }

  oneShotShelve(id: string, actor: AlarmActor, req: { reason: string }): PublicAlarm {
    return this.command('one-shot-shelve', id, actor, req.reason, {}, (now) =>
      this.engine.oneShotShelve(id, { user: actor.user, reason: req.reason }, now),
    );
  }

  unshelve(id: string, actor: AlarmActor, req: { reason?: string } = {}): PublicAlarm {
    return this.command('unshelve', id, actor, req.reason ?? null, {}, (now) =>
      this.engine.unshelve(id, actorRequest(actor, req.reason), now),
    );
  }

  removeFromService(id: string, actor: AlarmActor, req: { reason: string }): PublicAlarm {
    return this.command('out-of-service', id, actor, req.reason, {}, (now) =>
      this.engine.removeFromService(id, actorRequest(actor, req.reason), now),
    );
  }

  returnToService(id: string, actor: AlarmActor, req: { reason?: string } = {}): PublicAlarm {
    return this.command('in-service', id, actor, req.reason ?? null, {}, (now) =>
      this.engine.returnToService(id, actorRequest(actor, req.reason), now),
    );
  }

  reset(id: string, actor: AlarmActor, req: { comment?: string } = {}): PublicAlarm {
    return this.command('reset', id, actor, req.comment ?? null, {}, (now) =>
      this.engine.reset(id, actorRequest(actor, req.comment), now),
    );
  }

  /**
   * An engineer's change of a limit alarm's limit, deadband or delays (kept with the engine's saved
   * state, so it survives a restart). A limit outside the tag's range, or out of order with the tag's
   * other limits, is refused with Bad_OutOfRange; every attempt is audited with the old and new values.
   */
  changeSettings(
    id: string,
    actor: AlarmActor,
    req: AlarmSettings & { reason: string },
  ): PublicAlarm {
    const { reason, ...change } = req;
    const before = this.engine.definition(id);
    const details: Record<string, unknown> = { change };
    if (before !== undefined)
      details['before'] = Object.fromEntries(SETTING_FIELDS.map((k) => [k, before[k] ?? null]));
    const updated = this.command('settings-change', id, actor, reason, details, (now) => {
      const range = this.plant.tagByName.get(before!.tag)?.range;
      if (range !== undefined && change.limit !== undefined && before!.type !== 'ROC') {
        const [lo, hi] = range;
        if (change.limit < lo || change.limit > hi)
          throw new AlarmCommandError(
            'Bad_OutOfRange',
            `${id}: limit ${change.limit} lies outside the range of ${before!.tag} [${lo}, ${hi}]`,
          );
      }
      return this.engine.changeSettings(id, change, actorRequest(actor, reason), now);
    });
    this.save();
    this.tick();
    return this.engine.get(id) ?? updated;
  }

  /** The limit of each limit alarm of a tag as it stands now (engineers' changes included). */
  limitsOf(tag: string): Partial<Record<'LL' | 'L' | 'H' | 'HH', number>> {
    const out: Partial<Record<'LL' | 'L' | 'H' | 'HH', number>> = {};
    for (const t of ['LL', 'L', 'H', 'HH'] as const) {
      const d = this.engine.definition(`${tag}.${t}`);
      if (d?.limit !== undefined && d.type === t) out[t] = d.limit;
    }
    return out;
  }

  /** The journal: every state change with from <= ts < to (epoch ms, gateway clock), oldest first. */
  journal(from: number, to: number, limit = 10_000, alarmId?: string): AlarmEvent[] {
    return this.o.journal.query({ from, to, limit, ...(alarmId !== undefined ? { alarmId } : {}) });
  }

  /** Annunciations in the sliding 10 minutes ending now, per operator position, and whether that is a flood. */
  floodStatus(): Record<string, FloodStatus> {
    return floodStatus(this.recent, this.o.clock.now());
  }

  /** The alarm-system KPIs of [from, to), from the journal. */
  kpi(from: number, to: number): KpiReport {
    const events = this.o.journal.query({ from: from - KPI_LOOKBACK_MS, to, limit: -1 });
    return alarmKpiReport(events, from, to, { defs: this.plant.alarms });
  }

  /** A write whose read-back failed: its write-verification alarm activates at once. */
  readbackFailed(failure: ReadbackFailureInput): void {
    if (this.readbacks.add(failure)) this.tick();
  }

  /** A later write to the tag was verified: its write-verification alarm may return to normal. */
  readbackVerified(tag: string): void {
    this.readbacks.resolve(tag);
    this.tick();
  }

  /** The id of a tag's write-verification alarm. */
  readbackAlarmId(tag: string): string {
    return readbackAlarmId(tag);
  }

  /** Saves the whole engine state (timers included). */
  save(): void {
    try {
      this.o.journal.saveState(this.engine.toJSON());
    } catch (err) {
      this.fail(err);
    }
  }

  /** A tick from a timer: an error is reported, never thrown into the event loop. */
  private tickSafely(): void {
    try {
      this.tick();
    } catch (err) {
      this.fail(err);
    }
  }

  private onChanges(changes: readonly TagValue[]): void {
    if (this.scheduled || !changes.some((v) => this.inputs.has(v.name))) return;
    this.scheduled = true;
    setImmediate(() => {
      if (this.scheduled) this.tickSafely();
    });
  }

  /**
   * One operator command: checks the alarm exists, runs it at the gateway clock's now, journals and
   * audits it (a refusal is audited too, with the engine's OPC UA status code), then notifies.
   */
  private command(
    name: AlarmCommandName,
    id: string,
    actor: AlarmActor,
    reason: string | null,
    details: Record<string, unknown>,
    run: (now: number) => AlarmUpdate,
  ): PublicAlarm {
    const audit = (outcome: 'success' | 'refused', why: string | null, more = {}) =>
      this.o.audit?.record({
        category: 'alarm',
        action: name,
        outcome,
        user: actor.user,
        source: actor.source ?? null,
        target: id,
        reason: why,
        details: { ...dropUndefined(details), ...more, ...approvedBy(actor) },
      });
    if (!this.has(id)) {
      audit('refused', `no alarm ${id}`, { status: 'Bad_NodeIdUnknown' });
      throw new AlarmCommandError('Bad_NodeIdUnknown', `no alarm ${id}`);
    }
    const now = this.o.clock.now();
    const before = this.engine.get(id)!;
    let update: AlarmUpdate;
    try {
      update = run(now);
    } catch (err) {
      if (err instanceof AlarmCommandError)
        audit('refused', err.message, { status: err.code, state: before.state });
      throw err;
    }
    this.commit(update, now);
    const after = this.engine.get(id)!;
    audit('success', reason, { from: before.state, to: after.state, eventId: before.eventId });
    return after;
  }

  private commit(update: AlarmUpdate, now: number): AlarmUpdate {
    if (update.events.length === 0) return update;
    try {
      const state = this.engine.toJSON();
      const touched = new Set(update.events.map((e) => e.alarmId));
      this.o.journal.append(
        update.events,
        [...touched].flatMap((id) => state.alarms[id] ?? []),
      );
    } catch (err) {
      this.fail(err);
    }
    const horizon = now - FLOOD_WINDOW_MS;
    this.recent = this.recent.filter((e) => e.ts > horizon);
    for (const e of update.events) if (isAnnunciation(e)) this.recent.push(e);
    for (const l of this.listeners) {
      try {
        l(update.changed);
      } catch (err) {
        this.fail(err);
      }
    }
    return update;
  }

  private fail(err: unknown): void {
    this.o.onError?.(err);
  }
}

/** The tags an alarm reads (its watched tag, its condition and its suppression). */
function inputTagsOf(def: AlarmDef): string[] {
  const out = def.tag === '' ? [] : [def.tag];
  if (def.when) out.push(...conditionTags(def.when));
  if (def.suppressWhen) out.push(...conditionTags(def.suppressWhen));
  return out;
}

function actorRequest(actor: AlarmActor, reason: string | undefined) {
  return { user: actor.user, ...(reason !== undefined ? { reason } : {}) };
}

const approvedBy = (a: AlarmActor) => (a.approvedBy ? { approvedBy: a.approvedBy } : {});

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

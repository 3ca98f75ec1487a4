// A scenario's steps on the headless engine: faults through the simulators' fault book, writes through the gateway's
// command path as a role, alarm commands as the routes allow them.
import { API_ROUTES, roleAtLeast, type Role } from '@zld/api';
import { AuditStore, CommandService, type Actor, type PlcPort } from '@zld/gateway';
import type { FaultSpec } from '@zld/simulators';
import { formatPlantTime as fmt } from './duration.js';
import type { HeadlessPlant } from './headless-plant.js';
import type { Step } from './schema.js';

export interface StepResult {
  index: number;
  label: string;
  ok: boolean;
  /** What happened (the refusal's reason, the fault's id...). */
  message: string;
  atS: number;
}

/** Runs plant time forward by whole seconds (the command path waits on it). */
export type Advance = (seconds: number) => Promise<void>;

const actor = (role: Role): Actor => ({
  username: `scenario-${role}`,
  role,
  sessionRef: `scenario-${role}`,
  source: 'scenario',
});

/** The simulated PLCs as the command path sees a driver: writes go to the plant's PLC logic. */
function plantPort(engine: HeadlessPlant): PlcPort {
  return {
    write: async (tag, value) => engine.sim.write(tag, value),
    read: async (tags) =>
      tags.map((name) => ({
        name,
        value: engine.sim.read(name) as number | boolean,
        quality: engine.sim.quality(name) ?? 'Good',
      })),
    status: () => ({ demoted: false }),
  };
}

export class StepRunner {
  private readonly commands: CommandService;
  private readonly faultIds = new Map<string, string>();
  readonly audit: AuditStore;

  constructor(
    private readonly engine: HeadlessPlant,
    advance: Advance,
  ) {
    this.audit = new AuditStore({ path: ':memory:', clock: engine.clock });
    const port = plantPort(engine);
    this.commands = new CommandService({
      plant: engine.plant,
      values: (name) => engine.runtime.value(name),
      port: () => port,
      audit: this.audit,
      clock: engine.clock,
      // Waiting for a read-back is plant time passing: the model runs on meanwhile.
      sleep: async (ms) => advance(Math.max(1, Math.ceil(ms / 1000))),
    });
  }

  /** Books every fault of the scenario at its plant time, before the run (the simulators' scheduler). */
  async schedule(steps: readonly Step[], startMs: number): Promise<StepResult[]> {
    const out: StepResult[] = [];
    for (const [index, s] of steps.entries()) {
      if (!('inject' in s)) continue;
      const spec = faultSpecOf(s, startMs);
      const label = injectLabel(s);
      try {
        const f = await this.engine.faultBook.add(spec);
        if (s.name !== undefined) this.faultIds.set(s.name, f.id);
        out.push({ index, label, ok: true, message: `booked as ${f.id}`, atS: s.at });
      } catch (err) {
        out.push({ index, label, ok: false, message: (err as Error).message, atS: s.at });
      }
    }
    return out;
  }

  /** Runs a step that falls due now (`t` plant seconds from the start); faults were booked before. */
  async run(index: number, s: Step, t: number): Promise<StepResult | null> {
    const done = (ok: boolean, label: string, message: string) => ({
      index,
      label,
      ok,
      message,
      atS: t,
    });
    if ('inject' in s) return null;
    if ('clear' in s) {
      const id = this.faultIds.get(s.clear);
      const removed = id !== undefined && (await this.engine.faultBook.remove(id));
      return done(
        removed,
        `clear ${s.clear}`,
        removed ? `${id} cleared` : 'no such fault in force',
      );
    }
    const held = this.needsApproval(s);
    if (held) return done(false, labelOf(s), held);
    if ('write' in s) return this.write(s, done);
    const alarms = this.engine.alarms;
    try {
      if ('ack' in s) {
        const label = `ack ${s.ack} as ${s.as}`;
        const refused = roleRefusal(s.as, API_ROUTES.alarmAck.access as Role);
        if (refused) return done(false, label, refused);
        const a = alarms.ack(
          s.ack,
          { user: actor(s.as).username, source: 'scenario' },
          {
            ...(s.comment !== undefined ? { comment: s.comment } : {}),
          },
        );
        return done(true, label, `acknowledged; ${a.active ? 'still active' : 'normal'}`);
      }
      if ('shelve' in s) {
        const label = `shelve ${s.shelve} for ${s.minutes} min as ${s.as}`;
        const refused = roleRefusal(s.as, API_ROUTES.alarmShelve.access as Role);
        if (refused) return done(false, label, refused);
        alarms.shelve(
          s.shelve,
          { user: actor(s.as).username, source: 'scenario' },
          {
            minutes: s.minutes,
            reason: s.reason,
          },
        );
        return done(true, label, 'shelved');
      }
      const c = s.setLimit;
      const label = `set ${c.alarm} limit to ${c.limit} as ${c.as}`;
      const refused = roleRefusal(c.as, API_ROUTES.alarmSettings.access as Role);
      if (refused) return done(false, label, refused);
      alarms.changeSettings(
        c.alarm,
        { user: actor(c.as).username, source: 'scenario' },
        {
          limit: c.limit,
          reason: c.reason,
        },
      );
      return done(true, label, `limit now ${alarms.get(c.alarm)?.limit ?? c.limit}`);
    } catch (err) {
      return done(false, labelOf(s), (err as Error).message);
    }
  }

  /**
   * What the plant marks for two-person approval is held by the gateway until a second user approves;
   * scenarios cannot play the second user yet, so such a step fails rather than bypass the approval.
   */
  private needsApproval(s: Step): string | null {
    const plant = this.engine.plant;
    const marked = (id: string) => plant.alarms.find((a) => a.id === id)?.approval === 'two-person';
    let what: string | null = null;
    if ('write' in s && plant.tagByName.get(s.write.tag)?.write?.approval === 'two-person')
      what = `a write of ${s.write.tag}`;
    else if ('setLimit' in s && marked(s.setLimit.alarm))
      what = `a limit change of ${s.setLimit.alarm}`;
    else if ('shelve' in s && plant.approvals.shelving && marked(s.shelve))
      what = `shelving ${s.shelve}`;
    return what === null
      ? null
      : `${what} needs two-person approval in this plant; scenarios cannot play the second user yet`;
  }

  private async write(
    s: Extract<Step, { write: unknown }>,
    done: (ok: boolean, label: string, message: string) => StepResult,
  ): Promise<StepResult> {
    const w = s.write;
    const who = actor(w.as);
    const label = `write ${w.tag} = ${String(w.value)} as ${w.as}`;
    const critical = this.engine.plant.tagByName.get(w.tag)?.write?.critical === true;
    let selectId: string | undefined;
    if (critical) {
      const sel = this.commands.select({ tag: w.tag, value: w.value }, who);
      if (sel.ok) selectId = sel.selectId;
      else return judgeWrite(s, done, label, { ok: false, code: sel.code, reason: sel.reason });
    }
    const r = await this.commands.write(
      {
        tag: w.tag,
        value: w.value,
        ...(w.reason ? { reason: w.reason } : {}),
        ...(selectId ? { selectId } : {}),
      },
      who,
    );
    return judgeWrite(
      s,
      done,
      label,
      r.ok ? { ok: true } : { ok: false, code: r.code, reason: r.reason },
    );
  }
}

export type WriteAnswer = { ok: true } | { ok: false; code: string; reason: string };

type InjectStep = Extract<Step, { inject: unknown }>;

/** A scenario's fault as the simulators' fault book and control API take it, booked at its plant time. */
export function faultSpecOf(s: InjectStep, startMs: number): FaultSpec {
  const i = s.inject;
  return {
    kind: i.kind,
    target: i.target,
    at: new Date(startMs + s.at * 1000).toISOString(),
    ...(i.magnitude !== undefined ? { magnitude: i.magnitude } : {}),
    ...(i.duration !== undefined ? { durationS: i.duration } : {}),
    ...(i.shape !== undefined ? { shape: i.shape } : {}),
    ...(i.ramp !== undefined ? { rampS: i.ramp } : {}),
  };
}

export function injectLabel(s: InjectStep): string {
  const i = s.inject;
  return `inject ${i.kind} on ${i.target} at ${fmt(s.at)}${i.shape === 'ramp' ? ` (ramp ${fmt(i.ramp!)})` : ''}`;
}

/** A write's answer against the step's `expect` (done, refused, refused with a code or reason). */
export function judgeWrite(
  s: Extract<Step, { write: unknown }>,
  done: (ok: boolean, label: string, message: string) => StepResult,
  label: string,
  r: WriteAnswer,
): StepResult {
  const seen = r.ok ? 'done' : `refused (${r.code}): ${r.reason}`;
  const want = s.expect ?? 'done';
  if (want === 'done') return done(r.ok, label, r.ok ? 'done' : `expected done, was ${seen}`);
  const spec = want === 'refused' ? {} : want.refused;
  const matches =
    !r.ok &&
    (spec.code === undefined || r.code === spec.code) &&
    (spec.reason === undefined || r.reason.toLowerCase().includes(spec.reason.toLowerCase()));
  const wanted = `refused${spec.code ? ` with ${spec.code}` : ''}${spec.reason ? ` naming "${spec.reason}"` : ''}`;
  return done(
    matches,
    `${label}, expecting ${wanted}`,
    matches ? seen : `expected ${wanted}, was ${seen}`,
  );
}

function roleRefusal(have: Role, need: Role): string | null {
  return roleAtLeast(have, need)
    ? null
    : `refused: needs the ${need} role (as the gateway's route)`;
}

function labelOf(s: Step): string {
  if ('write' in s) return `write ${s.write.tag} = ${String(s.write.value)} as ${s.write.as}`;
  if ('ack' in s) return `ack ${s.ack}`;
  if ('shelve' in s) return `shelve ${s.shelve}`;
  if ('setLimit' in s) return `set ${s.setLimit.alarm} limit`;
  return 'step';
}

// The functional face of the engine: (definitions, values or a command, previous state, time) in; state and events out.
import type { AlarmDef } from '@zld/plant';
import {
  AlarmEngine,
  type AlarmEngineOptions,
  type AlarmUpdate,
  type EngineState,
} from './engine.js';
import { AlarmCommandError, type AlarmErrorCode } from './errors.js';
import type { TagLookup } from './reading.js';

export interface AlarmStep extends AlarmUpdate {
  state: EngineState;
}

/** Evaluates every alarm at `now`. `prevState` is not changed (undefined: every alarm starts Normal). */
export function evaluate(
  defs: readonly AlarmDef[],
  values: TagLookup,
  prevState: EngineState | undefined,
  now: number,
  opts: AlarmEngineOptions = {},
): AlarmStep {
  const engine = new AlarmEngine(defs, opts, prevState);
  const update = engine.evaluate(values, now);
  return { ...update, state: engine.toJSON() };
}

/** An operator (or engineer) command on one alarm or first-out group. */
export type AlarmCommand =
  | { kind: 'ack'; id: string; user: string; comment?: string; eventId?: number }
  | { kind: 'timed-shelve'; id: string; user: string; reason: string; durationMs: number }
  | { kind: 'one-shot-shelve'; id: string; user: string; reason: string }
  | { kind: 'unshelve'; id: string; user: string; reason?: string }
  | { kind: 'remove-from-service'; id: string; user: string; reason?: string }
  | { kind: 'return-to-service'; id: string; user: string; reason?: string }
  | { kind: 'reset'; id: string; user: string; reason?: string }
  | { kind: 'reset-first-out'; group: string; user: string; reason?: string };

type Handlers = {
  [K in AlarmCommand['kind']]: (
    e: AlarmEngine,
    c: Extract<AlarmCommand, { kind: K }>,
    now: number,
  ) => AlarmUpdate;
};

const HANDLERS: Handlers = {
  ack: (e, c, now) => e.ack(c.id, c, now),
  'timed-shelve': (e, c, now) => e.timedShelve(c.id, c, now),
  'one-shot-shelve': (e, c, now) => e.oneShotShelve(c.id, c, now),
  unshelve: (e, c, now) => e.unshelve(c.id, c, now),
  'remove-from-service': (e, c, now) => e.removeFromService(c.id, c, now),
  'return-to-service': (e, c, now) => e.returnToService(c.id, c, now),
  reset: (e, c, now) => e.reset(c.id, c, now),
  'reset-first-out': (e, c, now) => e.resetFirstOut(c.group, c, now),
};

/** Runs `command` on an engine. Throws AlarmCommandError when it is refused. */
export function runCommand(engine: AlarmEngine, command: AlarmCommand, now: number): AlarmUpdate {
  const handler = HANDLERS[command.kind] as (
    e: AlarmEngine,
    c: AlarmCommand,
    n: number,
  ) => AlarmUpdate;
  return handler(engine, command, now);
}

export type CommandResult =
  ({ ok: true } & AlarmStep) | { ok: false; error: { code: AlarmErrorCode; message: string } };

/** Applies one command to `prevState` at `now`; a refusal comes back as `{ ok: false, error }`. */
export function applyCommand(
  defs: readonly AlarmDef[],
  prevState: EngineState | undefined,
  command: AlarmCommand,
  now: number,
  opts: AlarmEngineOptions = {},
): CommandResult {
  const engine = new AlarmEngine(defs, opts, prevState);
  try {
    const update = runCommand(engine, command, now);
    return { ok: true, ...update, state: engine.toJSON() };
  } catch (err) {
    if (err instanceof AlarmCommandError) {
      return { ok: false, error: { code: err.code, message: err.message } };
    }
    throw err;
  }
}

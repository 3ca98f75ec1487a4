// The scenario file's schema (zod): what a process engineer writes; times are plant-time offsets from the start.
import { ROLES } from '@zld/api';
import { PRIORITIES } from '@zld/plant';
import { FAULT_KINDS } from '@zld/simulators';
import { z } from 'zod';
import { parseDurationS } from './duration.js';

/** A plant-time offset or length: seconds, or text such as `90s`, `10m`, `1h30m`, `2d`. */
export const duration = z
  .union([z.number(), z.string()])
  .refine((v) => parseDurationS(v) !== null, {
    message: 'a duration: seconds, or text such as 90s, 10m, 1h30m, 2d',
  })
  .transform((v) => parseDurationS(v)!);

const window = z.tuple([duration, duration]);
const role = z.enum(ROLES);
const name = z.string().min(1).max(100);

const inject = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  target: name,
  magnitude: z.number().optional(),
  /** Clears itself this long after it starts. */
  duration: duration.optional(),
  shape: z.enum(['step', 'ramp']).optional(),
  /** How long a ramp takes to reach the magnitude. */
  ramp: duration.optional(),
});

const writeExpect = z.union([
  z.literal('done'),
  z.literal('refused'),
  z.strictObject({
    refused: z.strictObject({ code: z.string().optional(), reason: z.string().optional() }),
  }),
]);

const at = { at: duration, note: z.string().optional() };

/** Each kind of step, by the key that names its action (a step has exactly one of them). */
export const STEP_KINDS = {
  inject: z.strictObject({ ...at, inject, name: name.optional() }),
  clear: z.strictObject({ ...at, clear: name }),
  write: z.strictObject({
    ...at,
    write: z.strictObject({
      tag: name,
      value: z.union([z.number(), z.boolean()]),
      as: role,
      reason: z.string().optional(),
    }),
    expect: writeExpect.optional(),
  }),
  ack: z.strictObject({ ...at, ack: name, as: role, comment: z.string().optional() }),
  shelve: z.strictObject({
    ...at,
    shelve: name,
    as: role,
    minutes: z.number().positive(),
    reason: z.string(),
  }),
  setLimit: z.strictObject({
    ...at,
    setLimit: z.strictObject({ alarm: name, limit: z.number(), as: role, reason: z.string() }),
  }),
} as const;

export const step = z.union(Object.values(STEP_KINDS));

const ALARM_STATES = ['active', 'acknowledged', 'normal', 'shelved'] as const;

/** Each kind of expectation, by its key. */
export const EXPECTATION_KINDS = {
  alarm: z.strictObject({
    /** The alarm reaches `state` (default active) between `after` and `after + within`. */
    alarm: name,
    state: z.enum(ALARM_STATES).optional(),
    within: duration,
    after: duration.optional(),
    note: z.string().optional(),
  }),
  noAlarm: z.strictObject({
    /** No alarm of these ids, priorities, classes or areas is active during the window (default: the whole run). */
    noAlarm: z
      .strictObject({
        ids: z.array(name).optional(),
        priority: z.array(z.enum(PRIORITIES)).optional(),
        class: z.array(name).optional(),
        area: z.array(name).optional(),
      })
      .refine((f) => Object.keys(f).length > 0, {
        message: 'name ids, priority, class or area (an empty filter would mean every alarm)',
      }),
    during: window.optional(),
    note: z.string().optional(),
  }),
  tag: z.strictObject({
    /** The tag's value lies within [lo, hi] (or equals a state) at a time, or throughout a window. */
    tag: name,
    between: z.tuple([z.number(), z.number()]).optional(),
    equals: z.union([z.boolean(), z.number()]).optional(),
    at: duration.optional(),
    throughout: window.optional(),
    note: z.string().optional(),
  }),
  balance: z.strictObject({
    /** The sign of a balance window's residual (positive = a loss), at a time or as the mean over a window. */
    balance: name,
    residual: z.enum(['positive', 'negative']),
    at: duration.optional(),
    over: window.optional(),
    note: z.string().optional(),
  }),
  balanceQuality: z.strictObject({
    /** The water balance is (or is no longer) marked questionable between `after` and `after + within`. */
    balanceQuality: z.enum(['questionable', 'trusted']),
    within: duration,
    after: duration.optional(),
    note: z.string().optional(),
  }),
} as const;

export const expectation = z.union(Object.values(EXPECTATION_KINDS));

/**
 * A list item checked by its kind: the one key of `kinds` it holds picks the schema, so a problem is
 * reported against that kind's fields, not as "none of the shapes fits".
 */
function byKind<K extends Record<string, z.ZodType>>(kinds: K, what: string) {
  const keys = Object.keys(kinds);
  return z.unknown().transform((v, ctx) => {
    const present =
      v !== null && typeof v === 'object' ? keys.filter((k) => k in (v as object)) : [];
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a ${what} has exactly one of ${keys.join(', ')}${present.length > 1 ? ` (this one has ${present.join(', ')})` : ''}`,
      });
      return z.NEVER;
    }
    const r = kinds[present[0]!]!.safeParse(v);
    if (!r.success) {
      for (const i of r.error.issues) ctx.addIssue({ ...i, path: i.path } as never);
      return z.NEVER;
    }
    return r.data as z.output<K[keyof K]>;
  });
}

export const scenarioFile = z.strictObject({
  scenario: name,
  description: z.string().optional(),
  /** `pilot` (the default), or a plant file relative to the scenario file. */
  plant: z.string().min(1).optional(),
  seed: z.number().int().min(0).optional(),
  /**
   * `headless` (default): the process model and the gateway's services in one process, stepped on plant
   * time. `sockets`: the simulators and the whole gateway on free loopback ports, in real time x `speed`
   * (needed for protocol faults: plc-offline, plc-slow, modbus-exception).
   */
  engine: z.enum(['headless', 'sockets']).optional(),
  /** Plant seconds per real second with the sockets engine (default 20). */
  speed: z.number().min(1).max(200).optional(),
  /** Plant time the model runs alone before the gateway reads it (default 1h). */
  warmUp: duration.optional(),
  /** Plant time played (default: up to the last step or expectation, plus a minute). */
  duration: duration.optional(),
  steps: z.array(byKind(STEP_KINDS, 'step')).optional(),
  expect: z.array(byKind(EXPECTATION_KINDS, 'expectation')).min(1),
});

export type ScenarioFile = z.output<typeof scenarioFile>;
export type Step = z.output<typeof step>;
export type Expectation = z.output<typeof expectation>;
export type AlarmState = (typeof ALARM_STATES)[number];

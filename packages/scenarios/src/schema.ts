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

export const step = z.union([
  z.strictObject({ ...at, inject, name: name.optional() }),
  z.strictObject({ ...at, clear: name }),
  z.strictObject({
    ...at,
    write: z.strictObject({
      tag: name,
      value: z.union([z.number(), z.boolean()]),
      as: role,
      reason: z.string().optional(),
    }),
    expect: writeExpect.optional(),
  }),
  z.strictObject({ ...at, ack: name, as: role, comment: z.string().optional() }),
  z.strictObject({
    ...at,
    shelve: name,
    as: role,
    minutes: z.number().positive(),
    reason: z.string(),
  }),
  z.strictObject({
    ...at,
    setLimit: z.strictObject({ alarm: name, limit: z.number(), as: role, reason: z.string() }),
  }),
]);

const ALARM_STATES = ['active', 'acknowledged', 'normal', 'shelved'] as const;

export const expectation = z.union([
  z.strictObject({
    /** The alarm reaches `state` (default active) between `after` and `after + within`. */
    alarm: name,
    state: z.enum(ALARM_STATES).optional(),
    within: duration,
    after: duration.optional(),
    note: z.string().optional(),
  }),
  z.strictObject({
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
  z.strictObject({
    /** The tag's value lies within [lo, hi] at a time, or throughout a window. */
    tag: name,
    between: z.tuple([z.number(), z.number()]),
    at: duration.optional(),
    throughout: window.optional(),
    note: z.string().optional(),
  }),
  z.strictObject({
    /** The sign of a balance window's residual (positive = a loss), at a time or as the mean over a window. */
    balance: name,
    residual: z.enum(['positive', 'negative']),
    at: duration.optional(),
    over: window.optional(),
    note: z.string().optional(),
  }),
]);

export const scenarioFile = z.strictObject({
  scenario: name,
  description: z.string().optional(),
  /** `pilot` (the default), or a plant file relative to the scenario file. */
  plant: z.string().min(1).optional(),
  seed: z.number().int().min(0).optional(),
  /** Plant time the model runs alone before the gateway reads it (default 1h). */
  warmUp: duration.optional(),
  /** Plant time played (default: up to the last step or expectation, plus a minute). */
  duration: duration.optional(),
  steps: z.array(step).optional(),
  expect: z.array(expectation).min(1),
});

export type ScenarioFile = z.output<typeof scenarioFile>;
export type Step = z.output<typeof step>;
export type Expectation = z.output<typeof expectation>;
export type AlarmState = (typeof ALARM_STATES)[number];

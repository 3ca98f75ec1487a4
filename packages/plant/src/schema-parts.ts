// Building blocks of the plant schema: ids, numbers, tag names, priorities, data types and conditions.
import { z } from 'zod';
import { DATA_TYPES, NAME, PRIORITIES } from './constants.js';

export const id = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-" only');
export const finite = z.number().refine(Number.isFinite, 'must be a finite number');
export const positive = finite.refine((v) => v > 0, 'must be greater than 0');
export const nonNegative = finite.refine((v) => v >= 0, 'must be 0 or more');
export const span = z.tuple([finite, finite]);

/** A tag or PLC name as the PLC has it (see `NAME`); the ISA-5.1 form is a lint warning, not a rule. */
export const tagName = z
  .string()
  .regex(
    NAME,
    'letters, digits, "_", "-", "." or ":" only (at most 64), such as FT-001 or Line1_Temp',
  )
  .refine((n) => !RESERVED.has(n), 'a name JavaScript objects reserve; choose another');

/** Names that would reach an object's prototype where a name is used as a key. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

export const priority = z.enum(PRIORITIES);

export const dataType = z.enum(DATA_TYPES);

export const comparison = z
  .object({
    tag: tagName,
    op: z.enum(['gt', 'ge', 'lt', 'le', 'eq', 'ne']),
    value: z.union([finite, z.boolean()]),
    /** The comparison must hold this long (seconds) to count. */
    forS: nonNegative.default(0),
  })
  .strict();

export const condition: z.ZodType<Condition> = z.union([
  comparison,
  z.object({ any: z.array(z.lazy(() => condition)).min(1) }).strict(),
  z.object({ all: z.array(z.lazy(() => condition)).min(1) }).strict(),
  z.object({ always: z.literal(true) }).strict(),
]);

export type Comparison = z.output<typeof comparison>;
export type Condition = Comparison | { any: Condition[] } | { all: Condition[] } | { always: true };

export const tagValue = z.object({ tag: tagName, value: z.union([finite, z.boolean()]) }).strict();

export type TagValueRef = z.output<typeof tagValue>;

/** What needs a second user's approval: `two-person` (the one kind so far). */
export const approval = z.literal('two-person', {
  error: 'the only kind of approval is "two-person"',
});

/** The plant's two-person approval settings. */
export const approvalsSpec = z
  .object({
    /** How long a request waits for its second user, seconds (default 300). */
    timeLimitS: z
      .number()
      .int('a whole number of seconds')
      .min(30, 'at least 30 s')
      .max(3600, 'at most 3600 s (one hour)')
      .optional(),
    /** Shelving an alarm marked `approval: two-person` needs approval too (default false). */
    shelving: z.boolean().optional(),
  })
  .strict();

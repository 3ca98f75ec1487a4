// Checks what arrives over the wire against its schema with TypeBox's interpretive checker (no eval: CSP-safe).
import type { Static, TSchema } from '@sinclair/typebox';
import { Errors } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';

/** A value that does not have the shape its schema declares. */
export class WireError extends Error {
  /** What was being read, e.g. `GET /api/tags` or the `alarms` event. */
  readonly what: string;
  /** The first few mismatches, each `<JSON pointer>: <message>`. */
  readonly problems: readonly string[];
  constructor(what: string, problems: readonly string[]) {
    super(`${what}: unexpected shape (${problems.join('; ')})`);
    this.name = 'WireError';
    this.what = what;
    this.problems = problems;
  }
}

/** The first `max` mismatches of `value` against `schema` (empty when it matches). */
export function wireProblems(schema: TSchema, value: unknown, max = 3): string[] {
  const out: string[] = [];
  for (const e of Errors(schema, value)) {
    out.push(`${e.path === '' ? '/' : e.path}: ${e.message}`);
    if (out.length >= max) break;
  }
  return out;
}

/** `value` typed by its schema, or a WireError naming `what` and the first mismatches. */
export function parseWire<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  if (Check(schema, value)) return value;
  const problems = wireProblems(schema, value);
  throw new WireError(what, problems.length > 0 ? problems : ['does not match its schema']);
}

/** Whether `value` has the shape of `schema`. */
export function isWire<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return Check(schema, value);
}

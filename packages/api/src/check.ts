// Checks what arrives over the wire against its schema with TypeBox's interpretive checker (no eval: CSP-safe).
// The check is synchronous; explaining a mismatch loads TypeBox's error module on demand (the HMI's first load
// need not carry it).
import type { Static, TSchema } from '@sinclair/typebox';
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

/** Whether `value` has the shape of `schema`. */
export function isWire<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return Check(schema, value);
}

/** The first `max` mismatches of `value` against `schema`, each `<JSON pointer>: <message>` (none: matches). */
export async function explainWire(schema: TSchema, value: unknown, max = 3): Promise<string[]> {
  const { Errors } = await import('@sinclair/typebox/errors');
  const out: string[] = [];
  for (const e of Errors(schema, value)) {
    out.push(`${e.path === '' ? '/' : e.path}: ${e.message}`);
    if (out.length >= max) break;
  }
  return out;
}

/** A WireError naming `what` and the first mismatches of `value`. */
export async function wireError(schema: TSchema, value: unknown, what: string): Promise<WireError> {
  const problems = await explainWire(schema, value);
  return new WireError(what, problems.length > 0 ? problems : ['does not match its schema']);
}

/** `value` typed by its schema, or a rejection with a WireError naming `what` and the first mismatches. */
export async function parseWire<T extends TSchema>(
  schema: T,
  value: unknown,
  what: string,
): Promise<Static<T>> {
  if (Check(schema, value)) return value;
  throw await wireError(schema, value, what);
}

// Reads a PLC's settings or a tag's address in a protocol's shape, parsed once per object (defaults applied).
import { zodIssueMessage, zodIssuePath } from '@zld/plant';
import type { z } from 'zod';

/**
 * A reader that parses with `schema` the first time it sees an object and remembers the answer. A plant
 * loaded with the protocols holds parsed settings and addresses already; one loaded for structure only
 * holds them as written, and this is where a malformed one is refused, with a plain message.
 */
export function parsedWith<T>(
  schema: z.ZodType<T>,
  what: string,
): (value: unknown, owner: string) => T {
  const cache = new WeakMap<object, T>();
  return (value, owner) => {
    if (typeof value !== 'object' || value === null) throw new Error(`${owner}: no ${what}`);
    const hit = cache.get(value);
    if (hit !== undefined) return hit;
    const r = schema.safeParse(value);
    if (!r.success) {
      const first = r.error.issues[0];
      const where = first ? zodIssuePath(first).join('.') : '';
      throw new Error(
        `${owner}: not a valid ${what}${where ? ` (${where}` : ' ('}${first ? `${where ? ': ' : ''}${zodIssueMessage(first)})` : ')'}`,
      );
    }
    cache.set(value, r.data);
    return r.data;
  };
}

// Plain-language messages for zod's issues (the loader's style: "missing (expected string)", "unknown field").
import type { z } from 'zod';

export function zodIssueMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys')
    return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  if (i.code === 'invalid_type' && /received undefined/.test(i.message))
    return `missing (expected ${i.expected})`;
  if (i.code === 'invalid_union') return `${i.message}: none of the allowed shapes fits`;
  return i.message;
}

/** The issue's path without symbols, for the loader's paths. */
export function zodIssuePath(i: z.core.$ZodIssue): (string | number)[] {
  return i.path.filter((s): s is string | number => typeof s !== 'symbol');
}

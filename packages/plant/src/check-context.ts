// What the parts of the validation share: a raw issue, and the checks a part (the water balance) borrows.
import type { IssuePath } from './issues.js';
import type { Condition, EquipmentDef, TagDef } from './schema.js';

export interface RawIssue {
  path: IssuePath;
  message: string;
}

/** The checks one part of the validation shares with the rest (see validate-balance.ts). */
export interface CheckContext {
  add(path: IssuePath, message: string): void;
  /** The tag of that name, or undefined after reporting that it does not exist. */
  needTag(path: IssuePath, name: string | undefined, what?: string): TagDef | undefined;
  needWritable(path: IssuePath, name: string): TagDef | undefined;
  checkCondition(path: IssuePath, c: Condition): void;
  equipment: ReadonlyMap<string, EquipmentDef>;
  tags: ReadonlyMap<string, TagDef>;
}

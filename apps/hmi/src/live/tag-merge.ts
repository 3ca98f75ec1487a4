// Applies `tags` batches to the current values: newer source times win, definitions are kept.
import type { TagDefinitionDto, TagDto, TagValueDto } from '@zld/api';
import { toMs } from '../model/time.js';

/**
 * Merges a batch into `tags` (mutating the map, replacing changed entries with new objects so that
 * readers see a new identity). A value older than the one held is ignored (a late REST snapshot must not
 * undo a newer live value). Values of tags without a definition are kept aside in `orphans`.
 * Returns the names that changed.
 */
export function applyTagBatch(
  tags: Map<string, TagDto>,
  orphans: Map<string, TagValueDto>,
  batch: readonly TagValueDto[],
): string[] {
  const changed: string[] = [];
  for (const v of batch) {
    const cur = tags.get(v.name);
    if (!cur) {
      const held = orphans.get(v.name);
      if (!held || toMs(held.ts) <= toMs(v.ts)) orphans.set(v.name, v);
      continue;
    }
    if (toMs(cur.ts) > toMs(v.ts)) continue;
    if (cur.value === v.value && cur.quality === v.quality && cur.ts === v.ts) continue;
    tags.set(v.name, { ...cur, value: v.value, quality: v.quality, ts: v.ts });
    changed.push(v.name);
  }
  return changed;
}

/** Definitions (with values) from `GET /api/tags`; a held value that is newer than the listed one is kept. */
export function applyDefinitions(
  tags: Map<string, TagDto>,
  orphans: Map<string, TagValueDto>,
  list: readonly TagDto[],
): void {
  for (const t of list) {
    const cur = tags.get(t.name) ?? orphans.get(t.name);
    const keep = cur && toMs(cur.ts) > toMs(t.ts);
    tags.set(t.name, keep ? { ...t, value: cur.value, quality: cur.quality, ts: cur.ts } : t);
    orphans.delete(t.name);
  }
}

/** The definition part of a TagDto. */
export function definitionOf(t: TagDto): TagDefinitionDto {
  const { value: _v, quality: _q, ts: _t, ...def } = t;
  return def;
}

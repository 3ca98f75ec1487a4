// Translates tag definitions and TagValues into the API's DTOs (ISO-8601 UTC times, display fields only).
import type { LimitName, TagDefinitionDto, TagDto, TagValueDto } from '@zld/api';
import type { TagDef } from '@zld/plant';
import type { TagValue } from '@zld/tags';

const LIMITS: readonly LimitName[] = ['LL', 'L', 'H', 'HH'];

/** What a display needs of a definition; made once per tag at start. */
export function toTagDefinitionDto(t: TagDef): TagDefinitionDto {
  const dto: TagDefinitionDto = {
    name: t.name,
    description: t.description,
    area: t.area,
    unit: t.unit,
    dataType: t.dataType,
    computed: t.computed,
    range: [t.range[0], t.range[1]],
    deadband: t.deadband,
    decimals: t.decimals,
    writable: t.writable,
  };
  if (t.equipment !== undefined) dto.equipment = t.equipment;
  if (t.plc !== undefined) dto.plc = t.plc;
  if (t.scanClass !== undefined) dto.scanClass = t.scanClass;
  if (t.normal !== undefined) dto.normal = [t.normal[0], t.normal[1]];
  if (t.states !== undefined) dto.states = { ...t.states };
  if (t.write !== undefined) {
    const w: NonNullable<TagDefinitionDto['write']> = { critical: t.write.critical };
    if (t.write.min !== undefined) w.min = t.write.min;
    if (t.write.max !== undefined) w.max = t.write.max;
    if (t.write.maxStep !== undefined) w.maxStep = t.write.maxStep;
    dto.write = w;
  }
  const limits: Partial<Record<LimitName, number>> = {};
  let any = false;
  for (const l of LIMITS) {
    const a = t.alarms?.[l];
    if (a !== undefined) {
      limits[l] = a.limit;
      any = true;
    }
  }
  if (any) dto.limits = limits;
  return dto;
}

/**
 * The last time formatted: the values of one poll share their timestamp, and formatting a date is the
 * costly part of a DTO (100k values a second reach the live hub at plant speed).
 */
let lastTs = Number.NaN;
let lastIso = '';
function isoOf(ts: number): string {
  if (ts !== lastTs) {
    lastIso = new Date(ts).toISOString();
    lastTs = ts;
  }
  return lastIso;
}

export function toTagValueDto(v: TagValue): TagValueDto {
  return { name: v.name, value: v.value, quality: v.quality, ts: isoOf(v.ts) };
}

export function toTagDto(def: TagDefinitionDto, v: TagValue): TagDto {
  return { ...def, value: v.value, quality: v.quality, ts: new Date(v.ts).toISOString() };
}

// What a plant file may leave out and what the loader puts in its place: alarm defaults, a tag's range.
import type {
  AlarmDefaults,
  DataType,
  PlantFile,
  PlcDef,
  StructuralPlantFile,
  TagDef,
} from './schema.js';

/** Alarm rationalization defaults of a plant file that gives none (a small plant with few alarms). */
export const DEFAULT_ALARM_DEFAULTS: Readonly<AlarmDefaults> = {
  class: 'process',
  approver: 'not reviewed',
  rationale: 'not rationalized',
  responseTimeS: { critical: 60, high: 300, medium: 900, low: 1800 },
};

/** What each data type can hold: the range of a tag that gives none and has no states. */
const TYPE_SPANS: Record<DataType, [number, number]> = {
  bool: [0, 1],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/** The range of a tag that gives none: [0, 1] for a bool, its states' span, else its data type's. */
export function defaultRange(t: {
  dataType: DataType;
  states?: Record<string, string> | undefined;
}): [number, number] {
  if (t.dataType !== 'bool' && t.states !== undefined) {
    const keys = Object.keys(t.states).map(Number);
    if (keys.length > 0) {
      const lo = Math.min(...keys);
      const hi = Math.max(...keys);
      return [lo, hi > lo ? hi : lo + 1];
    }
  }
  const span = TYPE_SPANS[t.dataType];
  return [span[0], span[1]];
}

/** The schema's output with the PLCs resolved by their protocols. */
export type ResolvedPlantFile = Omit<StructuralPlantFile, 'plcs'> & { plcs: PlcDef[] };

/** Fills in what the file left out (every tag's range, the alarm defaults). */
export function withDefaults(file: ResolvedPlantFile): PlantFile {
  const tags = file.tags.map((t): TagDef => ({ ...t, range: t.range ?? defaultRange(t) }));
  return { ...file, tags, alarmDefaults: file.alarmDefaults ?? DEFAULT_ALARM_DEFAULTS };
}

// Test helpers: a PLC tag and a PLC with the schema's defaults filled in, without a plant file.
import type { DataType, PlcDef, TagDef } from '@zld/plant';

export type TagExtras = Partial<Omit<TagDef, 'name' | 'dataType' | 'address'>>;

/** A PLC tag on `plc` at `address` (in the protocol's shape), read-only, range [0, 100]. */
export function testTag(
  name: string,
  dataType: DataType,
  plc: string,
  address: Record<string, unknown>,
  extras: TagExtras = {},
): TagDef {
  return {
    name,
    description: name,
    area: 'test',
    unit: '',
    dataType,
    plc,
    address,
    computed: false,
    scanClass: 'fast',
    range: [0, 100],
    deadband: 0,
    maxIntervalS: 300,
    decimals: 2,
    writable: false,
    ...extras,
  };
}

/** A PLC of `protocol` with these settings and scan classes (name -> period, ms). */
export function testPlc(
  id: string,
  protocol: string,
  settings: Record<string, unknown>,
  clockTag: string,
  scanClasses: Record<string, number>,
): PlcDef {
  return {
    id,
    description: 'test PLC',
    areas: ['test'],
    clockTag,
    scanClasses: Object.fromEntries(
      Object.entries(scanClasses).map(([k, periodMs]) => [k, { periodMs }]),
    ),
    protocol,
    settings,
  };
}

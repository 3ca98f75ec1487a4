// Test helpers: OPC UA PLC and tag definitions with the schema's defaults filled in, without a plant file.
import type { DataType, PlcDef, TagDef } from '@zld/plant';
import type { OpcuaPlcOptions } from './schema.js';

type TagExtras = Partial<Omit<TagDef, 'name' | 'dataType' | 'address'>>;

export function opcuaTag(name: string, dataType: DataType, extras: TagExtras = {}): TagDef {
  return {
    name,
    description: name,
    area: 'test',
    unit: '',
    dataType,
    plc: 'PLC-901',
    address: { node: name, folder: 'test' },
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

export function opcuaPlc(
  options: Partial<OpcuaPlcOptions> & { endpointUrl: string; namespaceUri: string },
  scanClasses: Record<string, number> = { fast: 100 },
): PlcDef {
  return {
    id: 'PLC-901',
    description: 'test PLC',
    areas: ['test'],
    clockTag: 'TT-998',
    scanClasses: Object.fromEntries(
      Object.entries(scanClasses).map(([k, periodMs]) => [k, { periodMs }]),
    ),
    protocol: 'opcua',
    settings: { securityMode: 'None', securityPolicy: 'None', timeoutMs: 2000, ...options },
  };
}

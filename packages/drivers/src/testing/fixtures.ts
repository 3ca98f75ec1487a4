// Test helpers: PLC and tag definitions with the schema's defaults filled in, built without a whole plant file.
import type {
  DataType,
  ModbusPlcOptions,
  ModbusTable,
  OpcuaPlcOptions,
  PlcDef,
  TagDef,
} from '@zld/plant';

type TagExtras = Partial<Omit<TagDef, 'name' | 'dataType' | 'address'>>;

export function modbusTag(
  name: string,
  table: ModbusTable,
  address: number,
  dataType: DataType,
  extras: TagExtras = {},
): TagDef {
  return {
    name,
    description: name,
    area: 'test',
    unit: '',
    dataType,
    plc: 'PLC-900',
    address: { table, address },
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

export function modbusPlc(
  options: Partial<ModbusPlcOptions> & { port: number },
  scanClasses: Record<string, number> = { fast: 100 },
): PlcDef {
  return {
    id: 'PLC-900',
    description: 'test PLC',
    areas: ['test'],
    clockTag: 'TT-999',
    scanClasses: Object.fromEntries(
      Object.entries(scanClasses).map(([k, periodMs]) => [k, { periodMs }]),
    ),
    modbus: {
      host: '127.0.0.1',
      unitId: 1,
      byteOrder: 'big',
      wordOrder: 'big',
      maxRegistersPerRead: 125,
      maxBitsPerRead: 2000,
      maxGap: 16,
      timeoutMs: 300,
      demoteAfterTimeouts: 3,
      demotionPeriodMs: 1000,
      ...options,
    },
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
    opcua: { securityMode: 'None', securityPolicy: 'None', timeoutMs: 2000, ...options },
  };
}

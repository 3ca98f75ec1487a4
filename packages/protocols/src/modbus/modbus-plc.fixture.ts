// Test helpers: Modbus PLC and tag definitions with the schema's defaults filled in, without a plant file.
import type { DataType, PlcDef, TagDef } from '@zld/plant';
import type { ModbusPlcOptions, ModbusTable } from './schema.js';

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
    protocol: 'modbus',
    settings: {
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

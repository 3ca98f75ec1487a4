// Test helpers: Modbus PLC and tag definitions with the schema's defaults filled in, without a plant file.
import type { DataType, PlcDef, TagDef } from '@zld/plant';
import { testPlc, testTag, type TagExtras } from '../kernel/plc.fixture.js';
import type { ModbusPlcOptions, ModbusTable } from './schema.js';

export function modbusTag(
  name: string,
  table: ModbusTable,
  address: number,
  dataType: DataType,
  extras: TagExtras = {},
): TagDef {
  return testTag(name, dataType, 'PLC-900', { table, address }, extras);
}

export function modbusPlc(
  options: Partial<ModbusPlcOptions> & { port: number },
  scanClasses: Record<string, number> = { fast: 100 },
): PlcDef {
  const settings: ModbusPlcOptions = {
    transport: 'tcp',
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
  };
  return testPlc('PLC-900', 'modbus', settings, 'TT-999', scanClasses);
}

// Test helpers: OPC UA PLC and tag definitions with the schema's defaults filled in, without a plant file.
import type { DataType, PlcDef, TagDef } from '@zld/plant';
import { testPlc, testTag, type TagExtras } from '../kernel/plc.fixture.js';
import type { OpcuaPlcOptions } from './schema.js';

export function opcuaTag(name: string, dataType: DataType, extras: TagExtras = {}): TagDef {
  return testTag(name, dataType, 'PLC-901', { node: name, folder: 'test' }, extras);
}

export function opcuaPlc(
  options: Partial<OpcuaPlcOptions> & { endpointUrl: string },
  scanClasses: Record<string, number> = { fast: 100 },
): PlcDef {
  const settings: OpcuaPlcOptions = {
    securityMode: 'None',
    securityPolicy: 'None',
    timeoutMs: 2000,
    ...options,
  };
  return testPlc('PLC-901', 'opcua', settings, 'TT-998', scanClasses);
}

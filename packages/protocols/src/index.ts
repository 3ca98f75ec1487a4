// @zld/protocols: the protocol kernel, the one list of protocol modules, and each module's public names.
export * from './kernel/index.js';
export { PROTOCOLS, protocols, loadPlant, parsePlantText } from './protocols.js';

// Modbus TCP
export { modbus } from './modbus/index.js';
export {
  MODBUS_TABLES,
  isBitTable,
  modbusAddressOf,
  modbusSettingsOf,
  registerWidth,
} from './modbus/schema.js';
export type { ModbusAddress, ModbusPlcOptions, ModbusTable } from './modbus/schema.js';
export { READ_FUNCTION_CODE, planBlocks, planScanClasses, widthOf } from './modbus/planner.js';
export type {
  BlockItem,
  ModbusBlock,
  PlanLimits,
  ReadFunctionCode,
  ScanPlan,
} from './modbus/planner.js';
export {
  classifyModbusError,
  exceptionName,
  readExceptionRule,
  writeExceptionRule,
} from './modbus/exceptions.js';
export type { ExceptionAction, ExceptionRule, ModbusFailure } from './modbus/exceptions.js';
export { CONFIG_RETRY_MS, ModbusDriver } from './modbus/client.js';
export { ModbusPlcServer } from './modbus/server.js';
export {
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  RegisterImage,
  SERVER_DEVICE_FAILURE,
} from './modbus/register-image.js';

// OPC UA
export { opcua } from './opcua/index.js';
export { opcuaAddressOf, opcuaSettingsOf, portOfUrl } from './opcua/schema.js';
export type { OpcuaAddress, OpcuaDriverOptions, OpcuaPlcOptions } from './opcua/schema.js';
export { OpcuaDriver } from './opcua/client.js';
export { OpcuaPlcServer } from './opcua/server.js';
export { NodeImage } from './opcua/node-image.js';
export type { NodeCell } from './opcua/node-image.js';
export {
  ACCEPTED_POLICIES,
  REFUSED_POLICIES,
  checkSecurity,
  isLoopbackEndpoint,
} from './opcua/security.js';
export type { SecuritySettings } from './opcua/security.js';

// Loopback (the example module)
export { loopback } from './loopback/index.js';
export type { LoopbackAddress, LoopbackSettings } from './loopback/schema.js';

export {
  COMM_LOSS,
  consoleLogger,
  DEFAULT_RECONNECT,
  DriverError,
  guardSink,
  tagsOfPlc,
} from './driver.js';
export type {
  Driver,
  DriverCounters,
  DriverErrorCode,
  DriverFactory,
  DriverLogger,
  DriverOptions,
  DriverStatus,
  ReadSample,
  ReconnectOptions,
  SampleSink,
  SampleValue,
  ScanClassCounters,
  TagKey,
  WriteResult,
} from './driver.js';
export { DriverRegistry } from './registry.js';
export type { Protocol } from './registry.js';
export { builtinDrivers, createDriver, registerDriver } from './builtin-drivers.js';
export { backoffDelay } from './backoff.js';
export {
  READ_FUNCTION_CODE,
  isBitTable,
  modbusAddressOf,
  planBlocks,
  planScanClasses,
  widthOf,
} from './modbus/planner.js';
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
export { CONFIG_RETRY_MS, ModbusDriver, createModbusDriver } from './modbus/client.js';
export { OpcuaDriver, createOpcuaDriver } from './opcua/client.js';
export {
  ACCEPTED_POLICIES,
  REFUSED_POLICIES,
  checkSecurity,
  isLoopbackEndpoint,
} from './opcua/security.js';
export type { SecuritySettings } from './opcua/security.js';

// The protocol kernel: the driver contract, the module contract, the simulator-server contract, shared helpers.
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
export { defineProtocol } from './protocol-module.js';
export type { AnyProtocolModule, EndpointOverride, ProtocolModule } from './protocol-module.js';
export { ProtocolRegistry } from './registry.js';
export { NO_PROTOCOL_FAULT, PROTOCOL_FAULT_KINDS, WriteRefusedError } from './sim-server.js';
export type {
  PlcEndpoint,
  PlcServer,
  PlcServerContext,
  PlcServerStatus,
  ProtocolFaultKind,
  ProtocolFaultState,
  ProtocolFaultTarget,
  TagScalar,
  TagSource,
} from './sim-server.js';
export { backoffDelay } from './backoff.js';
export { freePort } from './free-port.js';
export { parsedWith } from './parsed.js';
export { judgeValue, sampleValue } from './tag-point.js';
export type { TagPoint } from './tag-point.js';
export { ValueWatch, VALUE_LOG_REPEAT_MS, shortNumber } from './value-watch.js';
export type { ValueWatchOptions } from './value-watch.js';

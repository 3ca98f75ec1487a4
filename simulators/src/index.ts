// The simulators' public API: start everything in-process, or use the pieces (control app, runner, servers).
export { startSimulators } from './runtime/start-simulators.js';
export type { StartSimulatorsOptions, RunningSimulators } from './runtime/start-simulators.js';
export { buildControlApp } from './control/control-app.js';
export type { ControlAppOptions } from './control/control-app.js';
export { Simulator } from './runtime/simulator.js';
export type { SimControl, SimState, PlcState } from './runtime/simulator.js';
export { SimRunner, MAX_SPEED } from './runtime/sim-runner.js';
export type { SimRunnerOptions, TagSource, TickListener } from './runtime/sim-runner.js';
export { FaultBook, FaultRequestError, MAX_SLOW_MS } from './runtime/fault-book.js';
export type { ProtocolFaultTarget } from './runtime/fault-book.js';
export {
  FAULT_KINDS,
  PROCESS_FAULT_KINDS,
  PROTOCOL_FAULT_KINDS,
  DEFAULT_EXCEPTION_CODE,
  DEFAULT_SLOW_MS,
  isProtocolFault,
} from './runtime/faults.js';
export type {
  ActiveFault,
  FaultKind,
  FaultSpec,
  ProcessFaultKind,
  ProtocolFaultKind,
  ProtocolFaultState,
} from './runtime/faults.js';
export type {
  PlantPort,
  PlantTruth,
  ProcessFault,
  TagScalar,
  TankTruth,
} from './runtime/plant-port.js';
export { RegisterImage } from './runtime/register-image.js';
export { NodeImage } from './runtime/node-image.js';
export type { NodeCell } from './runtime/node-image.js';
export { parseSimArgs, USAGE, DEFAULT_CONTROL_PORT } from './runtime/sim-options.js';
export type { SimCliOptions } from './runtime/sim-options.js';
export { createPlcServer, registerPlcServer } from './servers/registry.js';
export { configuredPort, protocolOf } from './servers/plc-server.js';
export type {
  PlcEndpoint,
  PlcProtocol,
  PlcServer,
  PlcServerContext,
  PlcServerFactory,
  PlcServerStatus,
} from './servers/plc-server.js';
export { ModbusPlcServer } from './servers/modbus.js';
export { OpcuaPlcServer } from './servers/opcua.js';
export { PlantSim } from './plant/plant-sim.js';
export type { PlantSimOptions } from './plant/plant-sim.js';

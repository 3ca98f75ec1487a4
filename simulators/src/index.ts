// The simulators' public API: start everything in-process, or use the pieces (control app, runner, faults).
export { startSimulators } from './app/start-simulators.js';
export type { StartSimulatorsOptions, RunningSimulators } from './app/start-simulators.js';
export { parseSimArgs, USAGE, DEFAULT_CONTROL_PORT } from './app/sim-options.js';
export type { SimCliOptions } from './app/sim-options.js';
export { buildControlApp } from './control/control-app.js';
export type { ControlAppOptions } from './control/control-app.js';
export { Simulator } from './core/simulator.js';
export type { SimControl, SimState, PlcState } from './core/simulator.js';
export { SimRunner, MAX_SPEED } from './core/sim-runner.js';
export { StandInPlant } from './core/stand-in-plant.js';
export type { SimRunnerOptions, TagSource, TickListener } from './core/sim-runner.js';
export { FaultBook, FaultRequestError, MAX_SLOW_MS } from './core/fault-book.js';
export {
  FAULT_KINDS,
  PROCESS_FAULT_KINDS,
  PROTOCOL_FAULT_KINDS,
  DEFAULT_EXCEPTION_CODE,
  DEFAULT_SLOW_MS,
  isProtocolFault,
} from './core/faults.js';
export type {
  ActiveFault,
  FaultKind,
  FaultSpec,
  ProcessFaultKind,
  ProtocolFaultKind,
  ProtocolFaultState,
} from './core/faults.js';
export type {
  PlantPort,
  PlantTruth,
  ProcessFault,
  TagScalar,
  TankTruth,
} from './core/plant-port.js';
export { PlantSim } from './plant/plant-sim.js';
export type { PlantSimOptions } from './plant/plant-sim.js';

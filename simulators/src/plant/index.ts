// The whole-plant model (pure: time is passed in): the PlantSim behind the PLC servers, and its building blocks.
export { PlantSim, TAU_MIN_S } from './plant-sim.js';
export type { PlantSimOptions } from './plant-sim.js';
export { evaluateCondition } from './conditions.js';
export type { ConditionTimers, TagReader } from './conditions.js';
export { FAULT_DEFAULTS, checkFault, processFaultsOf, sensorFaultsOf } from './plant-faults.js';
export {
  INPUT_TERMS,
  OUTPUT_TERMS,
  PlantLedger,
  boundaryIn,
  boundaryOut,
  emptyBoundary,
  plantResidual,
} from './plant-ledger.js';
export type { BoundaryTerms } from './plant-ledger.js';
export { Plc } from './plc.js';
export { INTERNAL, LOOP_TUNING } from './loop-tuning.js';
export type { LoopTuning } from './loop-tuning.js';
export { NOMINAL, STARTUP_COMPOSITION } from './design.js';
export { STARTUP_LEVEL, TANK_IDS, startupState } from './process-state.js';
export type { ProcessState, TankId } from './process-state.js';
export { holdupKg, processStep } from './process-step.js';
export type { StepResult } from './process-step.js';
export type { Actuation, ProcessFaults } from './step-scratch.js';
export { isAnalogMeasurement, sensorParamsFor } from './instruments.js';

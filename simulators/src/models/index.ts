// The simulator's unit process models (pure): each is a plain state plus a step(state, inputs, dtS).
export { centrifugePerformance, centrifugeStep } from './centrifuge.js';
export type { CentrifugeInputs, CentrifugeOutputs, CentrifugeParams } from './centrifuge.js';
export {
  CRYSTALS,
  crystallizerInitial,
  crystallizerPressureKpa,
  crystallizerStep,
  solidsWtPct,
} from './crystallizer.js';
export type {
  CrystallizerInputs,
  CrystallizerOutputs,
  CrystallizerParams,
  CrystallizerState,
} from './crystallizer.js';
export { cstrStep } from './cstr.js';
export type { CstrInputs, CstrResult, CstrState } from './cstr.js';
export {
  compressorPowerKw,
  compressorRatio,
  evaporatorInitial,
  evaporatorPressureKpa,
  evaporatorStep,
  vapourKgAt,
} from './evaporator.js';
export type {
  EvaporatorInputs,
  EvaporatorOutputs,
  EvaporatorParams,
  EvaporatorState,
} from './evaporator.js';
export { filterStep } from './filter.js';
export type { FilterOutputs, FilterParams } from './filter.js';
export {
  CALCINE,
  MAGNET_LEACH,
  RESIDUE,
  hclDemandKgPerKg,
  ironPrecipitation,
  leachReaction,
  magnetFeed,
} from './leach.js';
export type { LeachParams } from './leach.js';
export {
  accumulate,
  closes,
  emptyTerms,
  relativeResidual,
  residual,
  scale,
  sumRecord,
} from './ledger.js';
export type { WaterTerms } from './ledger.js';
export {
  EMPTY_STREAM,
  SOLUTE_DENSITY,
  WATER_DENSITY,
  addSolutes,
  addStreams,
  concentrationGL,
  densityKgL,
  scaleSolutes,
  scaleStream,
  soluteDensity,
  soluteMass,
  streamFromParcel,
  streamLh,
  streamOf,
  tdsGL,
  volumeL,
} from './liquid.js';
export type { Parcel, Solutes, Stream } from './liquid.js';
export { mixerSettlerStep } from './mixer-settler-step.js';
export {
  SECTIONS,
  aqShare,
  bandAndEntrainment,
  cellVolumeL,
  cloneStage,
  mixerSettlerInitial,
  murphreeAt,
  orgShare,
  sectionOf,
  sectionRange,
} from './mixer-settler.js';
export type {
  AqCell,
  MixerSettlerInputs,
  MixerSettlerOutputs,
  MixerSettlerParams,
  MixerSettlerState,
  OrgCell,
  OrganicFeed,
  SectionName,
  SectionParams,
  SxStage,
} from './mixer-settler.js';
export {
  HYDRATE_WATER_PER_MOL,
  OXALATE,
  OXALATE_KG_PER_MOL,
  oxalateYield,
  precipitateOxalate,
} from './oxalate.js';
export type { Precipitation } from './oxalate.js';
export { clampSp, pidInitial, pidSetMode, pidSetOut, pidSetSp, pidStep } from './pid.js';
export type { PidInputs, PidMode, PidParams, PidState } from './pid.js';
export { pumpHeadM, pumpInitial, pumpStep, shaftPowerKw, steadyFlowLh } from './pump.js';
export type {
  PumpInputs,
  PumpOutputs,
  PumpParams,
  PumpState,
  PumpStatus,
  TripReason,
} from './pump.js';
export {
  MOLAR_MASS,
  REACTION_WATER_KG_PER_MOL,
  REAGENTS,
  netAcidMolL,
  neutralise,
  phFromNetAcid,
  phOf,
  reagentStream,
  saponificationWaterKg,
} from './reactions.js';
export type { Buffer } from './reactions.js';
export { Rng, createRng, deriveSeed, gaussian, uniform } from './rng.js';
export type { RngState } from './rng.js';
export { quantise, sensorInitial, sensorStep } from './sensor.js';
export type { SensorFaults, SensorParams, SensorState } from './sensor.js';
export { naclSolubility, nh4clSolubility, saturatedSaltKg, saturationWtPct } from './solubility.js';
export {
  CP_VAPOUR,
  CP_WATER,
  KB_WATER,
  bpeK,
  latentHeatKjKg,
  psatKpa,
  tsatC,
  vapourDensity,
} from './steam.js';
export { integrate, lagFraction, substeps } from './substep.js';
export type { Substeps } from './substep.js';
export {
  distribution,
  equilibriumLoading,
  equilibriumSplit,
  loadingCapKgL,
  naExchange,
  strongAcidPh,
} from './sx-chemistry.js';
export type { SxChemistry } from './sx-chemistry.js';
export { tankAtLevel, tankLevelM, tankLevelPct, tankStep, tankVolumeL } from './tank.js';
export type {
  Reaction,
  TankInputs,
  TankParams,
  TankReport,
  TankResult,
  TankState,
} from './tank.js';
export { heaterForSteady, thermalSteady, thermalStep } from './thermal.js';
export type { ThermalInputs, ThermalParams } from './thermal.js';
export {
  characteristic,
  limitSwitches,
  onOffStep,
  valveF,
  valveFlowLh,
  valveInitial,
  valveResistance,
  valveStep,
} from './valve.js';
export type { Characteristic, OnOffValveParams, ValveParams, ValveState } from './valve.js';

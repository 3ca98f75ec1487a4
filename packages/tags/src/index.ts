export {
  STATUS_CODES,
  LOCAL_QUALITIES,
  severityOf,
  isGood,
  isBad,
  isUncertain,
  qualityFromCode,
  isQuality,
} from './quality.js';
export type { Quality, Severity } from './quality.js';
export type { TagValue, Value } from './tag-value.js';
export { wallClock, ManualClock } from './clock.js';
export type { Clock } from './clock.js';
export {
  BIG_ENDIAN,
  registersOf,
  decodeFromBytes,
  decodeFromRegisters,
  decodeBit,
  packBits,
  fitsType,
  coerceToType,
  encodeToRegisters,
  encodeToBytes,
  encodeRegisters,
} from './codec.js';
export type { NumericType, RegisterLayout } from './codec.js';
export { LinearScale, rawToEu, euToRaw } from './scaling.js';
export { TagCodec } from './tag-codec.js';
export { TagEngine } from './tag-engine.js';
export type { TagEngineOptions, TagEngineCounters, TagListener, TagSink } from './tag-engine.js';
export {
  READBACK_FLOAT_ULPS,
  defaultReadbackTolerance,
  readbackTolerance,
  ulpFloat32,
  ulpFloat64,
} from './readback-tolerance.js';
export {
  NOT_A_NUMBER,
  OUT_OF_RANGE,
  clampToRange,
  valueQuality,
  withValueQuality,
} from './value-quality.js';

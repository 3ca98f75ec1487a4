export {
  PRIORITIES,
  DATA_TYPES,
  PROTOCOL_ID,
  TAG_NAME,
  NAME,
  plantFile as plantFileSchema,
} from './schema.js';
export type {
  AreaDef,
  BalanceSource,
  BalanceTerm,
  BalanceWindow,
  Comparison,
  Condition,
  DataType,
  DiscreteAlarmDef,
  EquipmentDef,
  InterlockDef,
  InventoryDef,
  LimitAlarmDef,
  LoopDef,
  PlantFile,
  PlantFileInput,
  StructuralPlantFile,
  PlcDef,
  Priority,
  RateAlarmDef,
  Scaling,
  TagAlarms,
  AlarmDefaults,
  ApprovalsSpec,
  TagDef,
  TagValueRef,
  WaterBalanceDef,
  WriteSpec,
} from './schema.js';
export {
  ALARM_TYPES,
  buildPlant,
  conditionTags,
  DEFAULT_APPROVAL_TIME_LIMIT_S,
  LIMIT_TYPES,
  SEVERITY,
} from './model.js';
export { compareValue } from './compare.js';
export type { AlarmDef, AlarmType, ApprovalSettings, LimitType, Plant } from './model.js';
export { PlantDefinitionError, formatPath } from './issues.js';
export type { PlantIssue } from './issues.js';
export { parsePlant } from './parse.js';
export { DEFAULT_ALARM_DEFAULTS, defaultRange } from './defaults.js';
export { LEVEL_UNITS } from './constants.js';
export type { ParseOptions } from './parse.js';
export type {
  AddressedTag,
  AnyProtocolDefinition,
  ProtocolCheckContext,
  ProtocolDefinition,
} from './protocol.js';
export { zodIssueMessage, zodIssuePath } from './zod-issue.js';
export { findLine } from './parse.js';
export { loadPlantFile, PILOT_PLANT_FILE } from './load.js';

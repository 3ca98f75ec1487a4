export {
  PRIORITIES,
  DATA_TYPES,
  MODBUS_TABLES,
  TAG_NAME,
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
  ModbusAddress,
  ModbusPlcOptions,
  ModbusTable,
  OpcuaAddress,
  OpcuaPlcOptions,
  PlantFile,
  PlantFileInput,
  PlcDef,
  Priority,
  RateAlarmDef,
  Scaling,
  TagAlarms,
  TagDef,
  TagValueRef,
  WaterBalanceDef,
  WriteSpec,
} from './schema.js';
export { ALARM_TYPES, buildPlant, conditionTags, LIMIT_TYPES, SEVERITY } from './model.js';
export { compareValue } from './compare.js';
export type { AlarmDef, AlarmType, LimitType, Plant } from './model.js';
export { PlantDefinitionError, formatPath } from './issues.js';
export type { PlantIssue } from './issues.js';
export { parsePlant } from './parse.js';
export { registerWidth } from './validate.js';
export { loadPlantFile, PILOT_PLANT_FILE } from './load.js';

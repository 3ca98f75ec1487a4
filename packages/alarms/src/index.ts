export { AlarmEngine, DEFAULT_MAX_SHELVE_MS, DEFAULT_ROC_WINDOW_S } from './engine.js';
export type { AlarmEngineOptions, AlarmUpdate, EngineState } from './engine.js';
export type { AckRequest, ActorRequest } from './commands.js';
export { evaluate, applyCommand, runCommand } from './evaluate.js';
export type { AlarmCommand, AlarmStep, CommandResult } from './evaluate.js';
export { AlarmCommandError, ALARM_ERROR_CODES } from './errors.js';
export type { AlarmErrorCode } from './errors.js';
export { ALARM_EVENT_KINDS } from './events.js';
export { applySettings, checkSettings, MAX_DELAY_S, SETTING_FIELDS } from './settings.js';
export type { AlarmSettings } from './settings.js';
export type { AlarmEvent, AlarmEventKind } from './events.js';
export { toPublicAlarm } from './public-alarm.js';
export type { PublicAlarm } from './public-alarm.js';
export {
  ISA_STATES,
  SHELVING_STATES,
  initialAlarmState,
  isaStateOf,
  isAnnunciated,
  isListed,
} from './state.js';
export type { AlarmFlags, AlarmState, IsaState, Shelving } from './state.js';
export type { ShelveRequest, TimedShelveRequest } from './shelving.js';
export { evaluateCondition } from './condition.js';
export type { ConditionResult } from './condition.js';
export { MISSING_INPUT } from './reading.js';
export type { AlarmInput, TagLookup } from './reading.js';
export { inLimitRegion } from './limit.js';
export { ROC_DEFAULT_HYSTERESIS } from './rate.js';
export { floodReport, floodStatus, FLOOD_THRESHOLD, FLOOD_WINDOW_MS } from './flood.js';
export type { FloodOptions, FloodResult, FloodStatus } from './flood.js';
export type { Span } from './windows.js';
export { ONE_POSITION, isAnnunciation } from './annunciations.js';
export type { PositionOf } from './annunciations.js';
export { alarmKpiReport, alarmRates, badActors, standingAndShelved, KPI_TARGETS } from './kpi.js';
export type { BadActors, HeldAlarm, KpiReport, RateKpis } from './kpi.js';
export {
  chatteringAlarms,
  staleAlarms,
  CHATTER_ACTIVATIONS,
  CHATTER_WINDOW_MS,
  STALE_AFTER_MS,
} from './chattering.js';
export type { ChatteringAlarm, StaleAlarm } from './chattering.js';
export { priorityMix, BAND_OF, PRIORITY_TARGET, PRIORITY_TOLERANCE } from './priority-mix.js';
export type { Band, PriorityMix } from './priority-mix.js';

export type {
  Bucket,
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
export { bucketTuple, HistorianError, HistorianInputError, isTransient } from './historian.js';
export { assertTagName, quoteIdent, stringLiteral, STORABLE_NAME } from './identifiers.js';
export { bucketWidth, checkQuery, MAX_POINTS_LIMIT, MAX_TAGS_PER_QUERY } from './query-plan.js';
export { ExceptionFilter, DEFAULT_POLICY } from './exception-filter.js';
export type { TagPolicy } from './exception-filter.js';
export { InfluxHistorian } from './influx-historian.js';
export type { InfluxHistorianOptions } from './influx-historian.js';
export { parseInfluxUrl } from './influx-url.js';
export type { InfluxTarget } from './influx-url.js';
export { SqliteHistorian } from './sqlite-historian.js';
export type {
  CommitTiming,
  SqliteHistorianOptions,
  SqliteHistorianStats,
} from './sqlite-historian.js';
export { StoreAndForward } from './store-and-forward.js';
export type {
  ForwarderEvent,
  ForwarderStats,
  StepReport,
  StoreAndForwardOptions,
} from './store-and-forward.js';
export type { QuarantinedBatch } from './outbox.js';
export { Recorder } from './recorder.js';
export type { RecorderMetrics, RecorderOptions } from './recorder.js';
export { openHistorian, EMBEDDED_FILE } from './open-historian.js';
export type { OpenHistorianOptions } from './open-historian.js';
export { realTimers } from './timers.js';
export type { Timers } from './timers.js';

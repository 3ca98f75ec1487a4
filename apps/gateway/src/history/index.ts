// Historization in the gateway: the history service, its fastify plugin and routes, and the buffer fill tag.
export { HistoryService } from './history-service.js';
export type { HistoryServiceOptions, TagFeed } from './history-service.js';
export { historyPlugin } from './history-plugin.js';
export type { HistoryPluginOptions } from './history-plugin.js';
export { historyRoutes, historianApiError } from './history-routes.js';
export type { HistoryApi, HistoryRoutesOptions } from './history-routes.js';
export { quarantineRoutes, toBatchDto } from './quarantine-routes.js';
export type { QuarantineRoutesOptions } from './quarantine-routes.js';
export { DEFAULT_HISTORY_LIMITS, parseHistoryRequest, parseIsoTime } from './history-query.js';
export type { HistoryLimits, HistoryRequest } from './history-query.js';
export { toSeriesDto } from './history-dto.js';
export { CSV_COLUMNS, csvChunks } from './history-csv.js';
export { registerHistoryMetrics } from './history-metrics.js';
export type { HistoryMetrics, HistoryStats } from './history-metrics.js';
export { BUFFER_FILL_TAG } from './buffer-fill-tag.js';

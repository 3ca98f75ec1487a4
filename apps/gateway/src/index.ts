// The public names of @zld/gateway: the app, its life cycle and services, the runtime, configuration, and the security, command and audit modules.
export { buildApp, feature } from './app.js';
export type { AppOptions, AppFeature } from './app.js';
export type { AppSecurity } from './app-security.js';
export { startGateway } from './lifecycle.js';
export type { GatewayParts, RunningGateway, Service } from './lifecycle.js';
export { openServices } from './services.js';
export { assembleGateway } from './assemble-gateway.js';
export type { GatewayAssembly, GatewayAssemblyOptions } from './assemble-gateway.js';
export { plantWarnings } from './plant-warnings.js';
export type { GatewayServices, ServicesOptions } from './services.js';
export {
  parseGatewayConfig,
  readGatewayConfig,
  isLoopbackHost,
  ConfigError,
  DEFAULTS,
  DEFAULT_HMI_DIR,
  USAGE,
} from './config.js';
export type { GatewayConfig, EndpointOverride } from './config.js';
export { createRuntime } from './runtime/runtime.js';
export type {
  DriverWiring,
  Runtime,
  RuntimeParts,
  RuntimeHealth,
  RuntimeStats,
  RuntimeLogger,
  TagBatchListener,
} from './runtime/runtime.js';
export { assembleRuntime, clockProblem, GATEWAY_RECONNECT } from './runtime/assemble.js';
export type { AssembleOptions } from './runtime/assemble.js';
export { withEndpoints } from './runtime/endpoints.js';
export { createTagSink } from './runtime/tag-sink.js';
export type { TagSinkStats } from './runtime/tag-sink.js';
export { PlantClock } from './runtime/plant-clock.js';
export type { PlantClockOptions } from './runtime/plant-clock.js';
export { createTimebase, wallTimebase, plcTimebase } from './runtime/timebase.js';
export type { Timebase } from './runtime/timebase.js';
export { LiveHub } from './live/live-hub.js';
export type { LiveChannel, LiveHubOptions, LiveHubStats } from './live/live-hub.js';
export { allowEveryone } from './http/access-plugin.js';
export { hmiPlugin, HMI_ROUTE, isHmiBuilt } from './hmi/hmi-plugin.js';
export type { HmiPluginOptions } from './hmi/hmi-plugin.js';
export { livePlugin } from './live/live-plugin.js';
export type { LivePluginOptions, LiveServer, SocketAuthenticator } from './live/live-plugin.js';
export { startupBanner, browserUrl } from './startup-banner.js';
export type { BannerFacts } from './startup-banner.js';
export { frameworkErrors } from './http/framework-errors.js';
export type {
  Authorizer,
  AuthDecision,
  AuthSubject,
  AuthUser,
  RouteAccess,
} from './http/access-plugin.js';
export { ApiError } from './http/api-error.js';
export { toTagDefinitionDto, toTagValueDto, toTagDto } from './tags/tag-dtos.js';
// The alarm and water-balance services (the headless scenario engine runs them on plant time).
export { AlarmService, AlarmJournal, commAlarmId, readbackAlarmDefs } from './alarming/index.js';
export { SYSTEM_ALARM_DEFS } from './alarming/system-alarms.js';
export type { AlarmActor, AlarmServiceOptions } from './alarming/index.js';
export { BalanceService } from './balance/index.js';
export type { BalanceServiceOptions } from './balance/index.js';
// The command path, users and sessions, and the audit trail: each barrel lists its public names.
export * from './security/index.js';
export * from './commands/index.js';
export * from './audit/index.js';

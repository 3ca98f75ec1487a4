// @zld/api: the wire contract of gateway and HMI. Schemas (TypeBox, i.e. JSON Schema), types from them, routes, events.
export { ROLES, ACCESS_LEVELS, isRole, isAccess, roleRank, roleAtLeast } from './roles.js';
export type { Role, Access } from './roles.js';
export { ERROR_CODES, ERROR_STATUS, isApiErrorBody } from './errors.js';
export type { ErrorCode, ApiErrorBody } from './errors.js';
export { API_ROUTES, pathOf, replySchemaOf } from './routes.js';
export type {
  ApiRoute,
  BodyOf,
  HttpMethod,
  ParamsOf,
  QueryOf,
  ReplyOf,
  ReplySchemaOf,
  RouteName,
  RouteSchema,
  RouteSpec,
} from './routes.js';
export { SOCKET_EVENTS, SOCKET_EVENT_SCHEMAS } from './events.js';
export type {
  ClientToServerEvents,
  ReceivedEvents,
  ServerToClientEvents,
  SocketEventName,
  SocketPayloads,
} from './events.js';
export { openApiDocument, openApiPath, OPENAPI_VERSION } from './openapi.js';
export type { OpenApiOptions } from './openapi.js';
export { explainWire, isWire, parseWire, WireError, wireError } from './check.js';
export { componentNameOf } from './schemas/component.js';
export {
  IsoDateTime,
  JsonTypes,
  MapOf,
  NoFields,
  NullableEnum,
  OpenObject,
  Pair,
  StringEnum,
  Strict,
} from './schemas/json-types.js';
export type { JsonType } from './schemas/json-types.js';
export {
  ApiErrorSchema,
  ErrorObjectSchema,
  QUALITIES,
  QualitySchema,
  RoleSchema,
  TagValueDataSchema,
  errorReplies,
} from './schemas/common-schemas.js';
export type { Quality } from './schemas/common-schemas.js';
export {
  CommandTagParamsSchema,
  TAG_NAME_PATTERN,
  LimitNameSchema,
  TagDefinitionSchema,
  TagNameParamsSchema,
  TagSchema,
  TagValueSchema,
} from './schemas/tag-schemas.js';
export type {
  LimitName,
  TagDefinitionDto,
  TagDto,
  TagValueData,
  TagValueDto,
} from './schemas/tag-schemas.js';
export {
  ClockModeSchema,
  HealthSchema,
  HealthSummarySchema,
  HistorianHealthSchema,
  PlcHealthSchema,
} from './schemas/health-schemas.js';
export type {
  ClockMode,
  HealthDto,
  HealthSummaryDto,
  HistorianHealthDto,
  PlcHealthDto,
} from './schemas/health-schemas.js';
export {
  LockoutSchema,
  LoginRequestSchema,
  LoginSchema,
  LogoutSchema,
  MAX_PASSWORD_LENGTH,
  PasswordChangedSchema,
  PasswordChangeSchema,
  SESSION_COOKIE,
  SessionSchema,
  SessionsEndedSchema,
  SessionUserSchema,
  UnlockSchema,
  USERNAME_PATTERN,
  UserAddSchema,
  UserChangeSchema,
  UserNameParamsSchema,
  UserSchema,
} from './schemas/security-schemas.js';
export type {
  LockoutDto,
  LoginDto,
  LoginRequestDto,
  LogoutDto,
  PasswordChangedDto,
  PasswordChangeDto,
  SessionDto,
  SessionsEndedDto,
  SessionUserDto,
  UnlockDto,
  UserAddDto,
  UserChangeDto,
  UserDto,
} from './schemas/security-schemas.js';
export {
  MfaChallengeSchema,
  MfaCodeSchema,
  MfaEnrolmentSchema,
  MfaLoginSchema,
  MfaOffSchema,
  MfaRecoveryCodesSchema,
  MfaStatusSchema,
} from './schemas/mfa-schemas.js';
export type {
  MfaChallengeDto,
  MfaCodeDto,
  MfaEnrolmentDto,
  MfaLoginDto,
  MfaOffDto,
  MfaRecoveryCodesDto,
  MfaStatusDto,
} from './schemas/mfa-schemas.js';
export {
  CancelResultSchema,
  CommandIdSchema,
  CommandRefusalSchema,
  CommandValueSchema,
  SBO_STATUSES,
  SelectRequestSchema,
  SelectResultSchema,
  WriteRequestSchema,
  WriteResultSchema,
  commandReplies,
} from './schemas/command-schemas.js';
export type {
  CancelResultDto,
  CommandRefusalDto,
  SboStatusDto,
  SelectRequestDto,
  SelectResultDto,
  WriteRequestDto,
  WriteResultDto,
} from './schemas/command-schemas.js';
export {
  AUDIT_CATEGORIES,
  AUDIT_OUTCOMES,
  AuditQuerySchema,
  AuditRecordSchema,
  AuditVerificationSchema,
} from './schemas/audit-schemas.js';
export type {
  AuditCategoryDto,
  AuditOutcomeDto,
  AuditQueryDto,
  AuditRecordDto,
  AuditVerificationDto,
} from './schemas/audit-schemas.js';
export {
  ALARM_STATES,
  AckRequestSchema,
  AlarmErrorSchema,
  AlarmFlagsSchema,
  AlarmFloodSchema,
  AlarmIdParamsSchema,
  AlarmJournalEntrySchema,
  AlarmKpiSchema,
  AlarmSchema,
  AlarmSettingsRequestSchema,
  CommentRequestSchema,
  FloodStatusSchema,
  JOURNAL_KINDS,
  JournalQuerySchema,
  KpiQuerySchema,
  OptionalReasonRequestSchema,
  ReasonRequestSchema,
  SHELVING_STATES,
  ShelveRequestSchema,
  alarmReplies,
} from './schemas/alarm-schemas.js';
export type {
  AckRequestDto,
  AlarmDto,
  AlarmErrorDto,
  AlarmFlagsDto,
  AlarmFloodDto,
  AlarmJournalEntryDto,
  AlarmKpiDto,
  AlarmSettingsRequestDto,
  AlarmStateName,
  AlarmType,
  CommentRequestDto,
  JournalKindDto,
  JournalQueryDto,
  KpiQueryDto,
  OptionalReasonRequestDto,
  Priority,
  ReasonRequestDto,
  ShelveRequestDto,
  ShelvingDto,
} from './schemas/alarm-schemas.js';
export {
  BalanceTankSchema,
  BalanceTermSchema,
  BalanceWindowSchema,
  DischargePathSchema,
  WaterBalanceSchema,
} from './schemas/balance-schemas.js';
export type {
  BalanceTankDto,
  BalanceTermDto,
  BalanceWindowDto,
  DischargePathDto,
  WaterBalanceDto,
} from './schemas/balance-schemas.js';
export {
  HistoryPointSchema,
  HistoryQuerySchema,
  HistoryResponseSchema,
  HistorySeriesSchema,
  QuarantineBatchSchema,
  QuarantineListSchema,
  QuarantineParamsSchema,
  QuarantineRetrySchema,
} from './schemas/history-schemas.js';
export type {
  HistoryPointDto,
  HistoryQueryDto,
  HistoryResponseDto,
  HistorySeriesDto,
  QuarantineBatchDto,
  QuarantineListDto,
  QuarantineRetryDto,
} from './schemas/history-schemas.js';
export {
  APPROVAL_KINDS,
  APPROVAL_STATES,
  ApprovalErrorSchema,
  ApprovalSchema,
  ApproveRequestSchema,
  RejectRequestSchema,
  approvalReplies,
} from './schemas/approval-schemas.js';
export type {
  ApprovalDto,
  ApprovalErrorDto,
  ApprovalKind,
  ApprovalState,
  ApproveRequestDto,
  RejectRequestDto,
} from './schemas/approval-schemas.js';

export { ROLES, ACCESS_LEVELS, isRole, isAccess, roleRank, roleAtLeast } from './roles.js';
export type { Role, Access } from './roles.js';
export { ERROR_CODES, ERROR_STATUS, isApiErrorBody } from './errors.js';
export type { ErrorCode, ApiErrorBody } from './errors.js';
export { API_ROUTES, pathOf } from './routes.js';
export type { HttpMethod, RouteSpec, RouteName } from './routes.js';
export { SOCKET_EVENTS } from './events.js';
export type { SocketEventName, ServerToClientEvents, ClientToServerEvents } from './events.js';
export type { TagValueData, TagValueDto, LimitName, TagDefinitionDto, TagDto } from './tag-dto.js';
export type { PlcHealthDto, HistorianHealthDto, HealthDto, ClockMode } from './health-dto.js';
export type {
  SessionUserDto,
  LoginDto,
  SessionDto,
  UserDto,
  WriteRequestDto,
  WriteResultDto,
  SelectResultDto,
  CancelResultDto,
  SboStatusDto,
  CommandRefusalDto,
  AuditCategoryDto,
  AuditOutcomeDto,
  AuditRecordDto,
} from './security-dto.js';

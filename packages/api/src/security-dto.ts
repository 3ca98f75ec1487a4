// Sessions, users, commands and audit records as the gateway answers them (one definition for gateway and HMI).
import type { Quality } from '@zld/tags';
import type { ApiErrorBody } from './errors.js';
import type { Role } from './roles.js';
import type { TagValueData } from './tag-dto.js';

export interface SessionUserDto {
  username: string;
  role: Role;
}

/** `POST /api/auth/login`: the token works as `Authorization: Bearer`; the HttpOnly cookie comes with it. */
export interface LoginDto {
  token: string;
  user: SessionUserDto;
  /** ISO-8601 UTC: the session's absolute end. */
  expiresAt: string;
}

/** `GET /api/auth/me`. */
export interface SessionDto {
  user: SessionUserDto;
  expiresAt: string;
  /** When the session locks if idle from now on (commands then need a new login; reads go on). */
  idleExpiresAt: string;
  locked: boolean;
}

/** An element of `GET /api/users`, and the answer of `POST /api/users` and `PATCH /api/users/:name`. */
export interface UserDto {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** Live sessions of the user. */
  sessions: number;
}

/** The body of `POST /api/tags/:name/write`. */
export interface WriteRequestDto {
  value: number | boolean;
  /** The operator's stated reason, kept in the audit trail. */
  reason?: string;
  /** Unique per command (8-64 of `A-Za-z0-9_-`): a retry with the same id is not executed again. */
  commandId?: string;
  /** Critical points (`write.critical`): the id `POST /api/tags/:name/select` answered. */
  selectId?: string;
}

/** A write the PLC confirmed by read-back. */
export interface WriteResultDto {
  commandId: string;
  tag: string;
  requested: number | boolean;
  /** The value read back. */
  value: TagValueData;
  quality: Quality;
  /** The value before the write. */
  oldValue: TagValueData;
  /** ISO-8601 UTC of the confirmation. */
  time: string;
  /** The first result of an earlier request with the same command id (not executed again). */
  duplicate: boolean;
}

/** `POST /api/tags/:name/select {value}`. */
export interface SelectResultDto {
  selectId: string;
  tag: string;
  value: number | boolean;
  expiresAt: string;
}

/** `POST /api/tags/:name/cancel`. */
export interface CancelResultDto {
  tag: string;
  cancelled: true;
}

/** Select-before-operate answers (the DNP3 vocabulary). */
export type SboStatusDto = 'NO_SELECT' | 'TIMEOUT' | 'SELECTED_BY_OTHER' | 'NOT_CRITICAL';

/** A refused or failed command: the error shape, plus what blocked it beside `error`. */
export interface CommandRefusalDto extends ApiErrorBody {
  reason: string;
  tag: string;
  commandId?: string;
  /** The gateway interlock that blocked the command (409). */
  interlock?: string;
  /** The discharge path the command would have opened (409). */
  dischargePath?: string;
  sbo?: SboStatusDto;
  duplicate: boolean;
}

export type AuditCategoryDto = 'auth' | 'command' | 'alarm' | 'config' | 'user' | 'system';
export type AuditOutcomeDto = 'success' | 'failure' | 'refused' | 'pending';

/** An element of `GET /api/audit?from&to&limit` (oldest first). */
export interface AuditRecordDto {
  seq: number;
  eventId: string;
  /** ISO-8601 UTC. */
  time: string;
  category: AuditCategoryDto;
  action: string;
  outcome: AuditOutcomeDto;
  user: string | null;
  /** The source address. */
  source: string | null;
  target: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  details: Record<string, unknown> | null;
}

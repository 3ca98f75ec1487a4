// Why a command was refused or failed: an API error code, a plain reason, and what blocked it.
import type { ErrorCode } from '@zld/api';

/** Select-before-operate answers (the DNP3 vocabulary). */
export type SboStatus = 'NO_SELECT' | 'TIMEOUT' | 'SELECTED_BY_OTHER' | 'NOT_CRITICAL';

export interface Refusal {
  code: ErrorCode;
  /** Shown to the operator. */
  reason: string;
  /** The interlock that blocked the command. */
  interlock?: string;
  /** The discharge path the command would have opened. */
  dischargePath?: string;
  sbo?: SboStatus;
}

export const refuse = (code: ErrorCode, reason: string, extra: Partial<Refusal> = {}): Refusal => ({
  code,
  reason,
  ...extra,
});

// What a failed Modbus request means: timeout, lost link or exception code, and the quality each maps to (pure).
import type { Quality } from '@zld/tags';

export type ModbusFailure =
  | { kind: 'timeout'; message: string }
  | { kind: 'connection'; message: string }
  | { kind: 'exception'; code: number; message: string };

/** What the driver does about an exception answer. */
export type ExceptionAction =
  /** Configuration problem (0x01-0x03 on read): log once, retry the block only rarely. */
  | 'config'
  /** The device reports a fault: tags Bad_DeviceFailure until it answers again. */
  | 'device'
  /** Busy (0x06) or acknowledge (0x05) on read: back off, retry once, then the last usable value. */
  | 'busy'
  /** A gateway on the path failed (0x0A, 0x0B): like a lost link for these tags. */
  | 'comm'
  /** Acknowledge on write (0x05): accepted, completes later. */
  | 'pending'
  /** Illegal data value on write (0x03): the device refused this value. */
  | 'rejected';

export interface ExceptionRule {
  quality: Quality;
  action: ExceptionAction;
}

/** Section 3.5's mapping for reads. */
const READ_RULES: Readonly<Record<number, ExceptionRule>> = {
  0x01: { quality: 'Bad_ConfigurationError', action: 'config' },
  0x02: { quality: 'Bad_ConfigurationError', action: 'config' },
  0x03: { quality: 'Bad_ConfigurationError', action: 'config' },
  0x04: { quality: 'Bad_DeviceFailure', action: 'device' },
  0x05: { quality: 'Uncertain_LastUsableValue', action: 'busy' },
  0x06: { quality: 'Uncertain_LastUsableValue', action: 'busy' },
  0x07: { quality: 'Bad_DeviceFailure', action: 'device' },
  0x08: { quality: 'Bad_DeviceFailure', action: 'device' },
  0x0a: { quality: 'Bad_CommunicationError', action: 'comm' },
  0x0b: { quality: 'Bad_CommunicationError', action: 'comm' },
};

/** Writes differ for 0x03 (the value, not the address, is refused) and 0x05 (write pending). */
const WRITE_RULES: Readonly<Record<number, ExceptionRule>> = {
  ...READ_RULES,
  0x03: { quality: 'Bad', action: 'rejected' },
  0x05: { quality: 'Good_WritePending', action: 'pending' },
};

const UNKNOWN: ExceptionRule = { quality: 'Bad_DeviceFailure', action: 'device' };

export function readExceptionRule(code: number): ExceptionRule {
  return READ_RULES[code] ?? UNKNOWN;
}

export function writeExceptionRule(code: number): ExceptionRule {
  return WRITE_RULES[code] ?? UNKNOWN;
}

/** `0x02`: how exception codes are named in counters and messages. */
export function exceptionName(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** Classifies an error thrown by the Modbus client (modbus-serial or the connection wrapper). */
export function classifyModbusError(err: unknown): ModbusFailure {
  const e = (err ?? {}) as {
    modbusCode?: unknown;
    errno?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (typeof e.modbusCode === 'number') return { kind: 'exception', code: e.modbusCode, message };
  if (e.errno === 'ETIMEDOUT' || e.name === 'TransactionTimedOutError')
    return { kind: 'timeout', message };
  return { kind: 'connection', message };
}

// An error the web layer answers as `{ error: { code, message } }` with the status of its code.
import { ERROR_STATUS, type ErrorCode } from '@zld/api';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string, statusCode: number = ERROR_STATUS[code]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

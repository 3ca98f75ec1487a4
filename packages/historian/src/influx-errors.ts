// Sorts InfluxDB client failures into transient (retried without limit) and permanent (the data was refused).
import { HistorianError } from './historian.js';

const NETWORK_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EPIPE',
]);

export function classifyInfluxError(err: unknown): HistorianError {
  if (err instanceof HistorianError) return err;
  const e = err as {
    message?: string;
    code?: string;
    name?: string;
    res?: { statusCode?: number };
  };
  const message = `InfluxDB: ${e?.message ?? String(err)}`;
  const status = e?.res?.statusCode;
  if (typeof status === 'number') {
    const transient = status === 401 || status === 403 || status === 404 || status >= 500;
    return new HistorianError(message, transient, { cause: err });
  }
  const transient =
    NETWORK_CODES.has(e?.code ?? '') ||
    e?.constructor?.name === 'ServiceNotAvailableError' ||
    /No host available|timed out|socket hang up/i.test(e?.message ?? '');
  return new HistorianError(message, transient, { cause: err });
}

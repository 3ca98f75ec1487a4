// Writes line protocol to InfluxDB 1.x over kept-alive HTTP connections; failures come back as HistorianError.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { HistorianError } from './historian.js';
import type { InfluxTarget } from './influx-url.js';

export interface InfluxWriterOptions {
  /** A request without an answer after this long fails as transient. Default 10 s. */
  timeoutMs?: number;
  /** Connections kept open (the most requests in flight). Default 4. */
  maxSockets?: number;
}

const NETWORK =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up/i;

/**
 * One `POST /write?db=…&rp=…&precision=ns` per call. 204 is success; 5xx, 401, 403, 404, timeouts and
 * network errors are transient (the store is unreachable or not ready: retried without limit); any
 * other answer (400: a type conflict, points beyond the retention policy) refuses the data.
 */
export class InfluxWriter {
  private readonly agent: HttpAgent;
  private readonly path: string;
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly target: InfluxTarget,
    options: InfluxWriterOptions = {},
  ) {
    const maxSockets = options.maxSockets ?? 4;
    this.agent =
      target.protocol === 'https'
        ? new HttpsAgent({ keepAlive: true, maxSockets })
        : new HttpAgent({ keepAlive: true, maxSockets });
    const q = new URLSearchParams({
      db: target.database,
      rp: target.retentionPolicy,
      precision: 'ns',
    });
    this.path = `/write?${q.toString()}`;
    this.auth =
      target.username === undefined
        ? undefined
        : `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Writes the lines (one point each); resolves once InfluxDB answered 204. */
  write(lines: readonly string[], retentionPolicy?: string): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    // Line protocol here is ASCII (names are checked against STORABLE_NAME): latin1 encodes it byte for byte.
    const body = Buffer.from(lines.join('\n'), 'latin1');
    const path =
      retentionPolicy === undefined
        ? this.path
        : this.path.replace(/rp=[^&]*/, `rp=${encodeURIComponent(retentionPolicy)}`);
    return new Promise<void>((resolve, reject) => {
      const send = this.target.protocol === 'https' ? httpsRequest : httpRequest;
      const req = send(
        {
          host: this.target.host,
          port: this.target.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': body.length,
            ...(this.auth !== undefined ? { authorization: this.auth } : {}),
          },
        },
        (res) => answered(res, resolve, reject),
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.timeoutMs} ms (timed out)`)),
      );
      req.on('error', (err) => reject(failure(`InfluxDB write: ${err.message}`, err)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function answered(
  res: IncomingMessage,
  resolve: () => void,
  reject: (e: HistorianError) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('error', (err) => reject(failure(`InfluxDB write: ${err.message}`, err)));
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    if (status === 204 || status === 200) return resolve();
    const text = Buffer.concat(chunks).toString('utf8');
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: keep the text
    }
    const transient = status >= 500 || status === 401 || status === 403 || status === 404;
    reject(new HistorianError(`InfluxDB write ${status}: ${message.trim()}`, transient));
  });
}

function failure(message: string, cause: Error): HistorianError {
  return new HistorianError(message, NETWORK.test(message) || /timed out/.test(message), { cause });
}

// The HMI's one HTTP client: same-origin JSON requests with the session cookie; answers checked against the route's schema.
import {
  explainWire,
  isWire,
  pathOf,
  replySchemaOf,
  type ApiRoute,
  type ApprovalDto,
  type ReplyOf,
} from '@zld/api';

/** A refused or failed request, with the gateway's code and plain message (and any extra fields it sent). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * The gateway answered 202: the request waits for a second user's approval (two-person approval of what
 * the plant file marks); nothing was done yet.
 */
export class AwaitingApproval extends Error {
  readonly approval: ApprovalDto;
  constructor(approval: ApprovalDto) {
    super(`awaiting approval by a second user until ${approval.expiresAt}`);
    this.name = 'AwaitingApproval';
    this.approval = approval;
  }
}

/** The code of an answer that does not have the shape the route's schema declares. */
export const MALFORMED_ANSWER = 'MALFORMED_ANSWER';

export type Query = Readonly<Record<string, string | number | undefined>>;

/** A route's URL with its `:params` filled and a query string (undefined values left out). */
export function urlOf(
  route: ApiRoute,
  params: Readonly<Record<string, string>> = {},
  query: Query = {},
): string {
  const qs = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const path = pathOf(route, params);
  return qs === '' ? path : `${path}?${qs}`;
}

/**
 * Turns a non-2xx answer into an ApiError, keeping extra fields of `{error:{code,message,...}}` as details.
 * Not every such answer is the gateway's (a reverse proxy may answer 502 with a page): those keep the status.
 */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const { error, ...top } = body as Record<string, unknown>;
    if (typeof error === 'object' && error !== null) {
      const { code, message, ...rest } = error as Record<string, unknown>;
      return new ApiError(
        status,
        typeof code === 'string' ? code : `HTTP_${status}`,
        typeof message === 'string' ? message : `request failed (${status})`,
        { ...top, ...rest },
      );
    }
  }
  return new ApiError(status, `HTTP_${status}`, `request failed (${status})`);
}

/** A 2xx body checked against the route's answer schema; a malformed one is an ApiError naming the mismatch. */
export async function answerOf<R extends ApiRoute>(
  route: R,
  status: number,
  body: unknown,
): Promise<ReplyOf<R>> {
  const schema = replySchemaOf(route);
  if (isWire(schema, body)) return body as ReplyOf<R>;
  const problems = await explainWire(schema, body);
  throw malformedAnswer(`${route.method} ${route.path}`, problems, status);
}

/** An answer of the gateway that does not have the shape of its schema: logged, and an ApiError to show. */
export function malformedAnswer(what: string, problems: readonly string[], status = 200): ApiError {
  const message = `the gateway's answer to ${what} has an unexpected shape (${problems.join('; ')})`;
  console.error(message);
  return new ApiError(status, MALFORMED_ANSWER, message);
}

export interface RequestOptions {
  params?: Readonly<Record<string, string>>;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends one request of a route; resolves with the checked answer, rejects with ApiError. */
export async function request<R extends ApiRoute>(
  route: R,
  options: RequestOptions = {},
): Promise<ReplyOf<R>> {
  const init: RequestInit = {
    method: route.method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(urlOf(route, options.params, options.query), init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'the gateway cannot be reached');
  }
  const text = await res.text();
  let body: unknown = null;
  let json = true;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
      json = false;
    }
  }
  if (!res.ok) {
    const err = errorFromBody(res.status, body);
    if (res.status === 401) unauthorizedListeners.forEach((l) => l());
    throw err;
  }
  if (!json) throw malformedAnswer(`${route.method} ${route.path}`, ['not JSON'], res.status);
  const pending = route.schema.response['202'];
  if (res.status === 202 && pending !== undefined) {
    if (isWire(pending, body)) throw new AwaitingApproval(body as ApprovalDto);
    throw malformedAnswer(`${route.method} ${route.path}`, ['not an approval'], 202);
  }
  return answerOf(route, res.status, body);
}

const unauthorizedListeners = new Set<() => void>();

/** Called whenever the gateway answers 401 (the session ended): the app shows the login again. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

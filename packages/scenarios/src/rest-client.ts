// The gateway's REST API and the simulators' control API as a client sees them: bearer tokens, JSON, plain errors.
import type { RunningSimulators } from '@zld/simulators';

export type Answer<T> =
  | { ok: true; status: number; body: T; text: string }
  | { ok: false; status: number; code: string; message: string; text: string };

async function call<T>(
  url: string,
  method: string,
  token: string,
  body?: unknown,
): Promise<Answer<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  if (res.ok) return { ok: true, status: res.status, body: json as T, text };
  const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
  return {
    ok: false,
    status: res.status,
    code: err?.code ?? `HTTP_${res.status}`,
    message: err?.message ?? text,
    text: `${method} ${new URL(url).pathname}: ${res.status} ${text}`,
  };
}

/** One session per role (logged in as a user of that role), and the simulators' control token. */
export class RestClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly base: string) {}

  async login(role: string, username: string, password: string): Promise<void> {
    const r = await call<{ token: string }>(`${this.base}/api/auth/login`, 'POST', '', {
      username,
      password,
    });
    if (!r.ok) throw new Error(`cannot log in as ${username}: ${r.text}`);
    this.tokens.set(role, r.body.token);
  }

  get<T>(role: string, path: string): Promise<Answer<T>> {
    return call<T>(`${this.base}${path}`, 'GET', this.token(role));
  }

  post<T>(role: string, path: string, body: unknown): Promise<Answer<T>> {
    return call<T>(`${this.base}${path}`, 'POST', this.token(role), body);
  }

  simulator<T>(
    sims: RunningSimulators,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    return call<T>(`${sims.controlUrl}${path}`, method, sims.controlToken, body);
  }

  private token(role: string): string {
    const t = this.tokens.get(role);
    if (t === undefined) throw new Error(`no session for the ${role} role`);
    return t;
  }
}

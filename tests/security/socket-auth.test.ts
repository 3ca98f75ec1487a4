// The app's socket.io refuses a socket without an authenticated session (cookie or auth.token) and drops it when the session ends.
import type { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, type SecurityApp } from './security-app.js';

let t: SecurityApp;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  t = await buildSecurityApp();
  // The live stream's own server: say who the handshake identified.
  const io = t.app.live.io as unknown as Server;
  io.on('connection', (s) => s.emit('hello', s.data));
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t.close();
});

type Outcome =
  { connected: true; hello: unknown } | { connected: false; message: string; status: unknown };

function attempt(
  options: Parameters<typeof connect>[1],
): Promise<{ socket: Socket; outcome: Outcome }> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once('hello', (hello: unknown) =>
      resolve({ socket, outcome: { connected: true, hello } }),
    );
    socket.once('connect_error', (err: Error & { data?: { status?: unknown } }) =>
      resolve({
        socket,
        outcome: { connected: false, message: err.message, status: err.data?.status },
      }),
    );
  });
}

describe('socket.io authentication', () => {
  it('refuses a socket without a session', async () => {
    const { outcome } = await attempt({});
    expect(outcome).toEqual({ connected: false, message: 'authentication required', status: 401 });
  });

  it('refuses a forged or malformed token', async () => {
    for (const token of ['A'.repeat(43), 'not a token', '', 42])
      expect((await attempt({ auth: { token } })).outcome, String(token)).toMatchObject({
        connected: false,
        status: 401,
      });
  });

  it('accepts auth.token and the session cookie', async () => {
    const op = await t.login('operator');
    expect((await attempt({ auth: { token: op.token } })).outcome).toEqual({
      connected: true,
      hello: { username: 'operator', role: 'operator' },
    });
    expect((await attempt({ extraHeaders: { cookie: op.cookie } })).outcome).toMatchObject({
      connected: true,
    });
  });

  it('refuses a session open to MFA enrolment only', async () => {
    const eng = await t.login('engineer');
    // As a --production login of an engineer without MFA leaves it (tests/security/mfa.test.ts).
    t.sessions.list('engineer')[0]!.enrolmentOnly = true;
    expect((await attempt({ auth: { token: eng.token } })).outcome).toEqual({
      connected: false,
      message: 'MFA enrolment required',
      status: 403,
    });
  });

  it('disconnects the socket when its session ends', async () => {
    const op = await t.login('operator');
    const { socket, outcome } = await attempt({ auth: { token: op.token } });
    expect(outcome.connected).toBe(true);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: t.bearer(op),
    });
    expect(res.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await attempt({ auth: { token: op.token } })).outcome).toMatchObject({
      connected: false,
      status: 401,
    });
  });
});

// socket.io refuses a browser handshake from a foreign Origin (X-Forwarded-Host counts only with --trust-proxy) and caps the sockets of one session.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, type SecurityApp, type SecurityAppOptions } from './security-app.js';

let t: SecurityApp | undefined;
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
  t = undefined;
});

async function serve(options: SecurityAppOptions = {}): Promise<{ url: string; token: string }> {
  t = await buildSecurityApp(options);
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { url, token: (await t.login('viewer')).token };
}

type Outcome = { connected: true } | { connected: false; message: string; status: unknown };

function attempt(url: string, token: string, headers: Record<string, string>): Promise<Outcome> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
    extraHeaders: headers,
  });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true }));
    socket.once('connect_error', (err: Error & { data?: { status?: unknown } }) =>
      resolve({ connected: false, message: err.message, status: err.data?.status }),
    );
  });
}

describe('socket.io origins', () => {
  it('takes the served origin and clients without an Origin, refuses any other origin', async () => {
    const { url, token } = await serve();
    const host = new URL(url).host;
    expect(await attempt(url, token, { origin: `http://${host}` })).toEqual({ connected: true });
    expect(await attempt(url, token, {})).toEqual({ connected: true });
    for (const origin of ['http://evil.example', `https://${host}`, 'null', 'http://127.0.0.1'])
      expect(await attempt(url, token, { origin }), origin).toMatchObject({
        connected: false,
        status: 403,
        message: expect.stringMatching(/origin .* is not allowed/),
      });
  });

  it('trusts X-Forwarded-Host only with --trust-proxy', async () => {
    const forged = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    const direct = await serve();
    expect(await attempt(direct.url, direct.token, forged)).toMatchObject({ status: 403 });
    await t!.close();
    t = undefined;
    const proxied = await serve({ trustProxy: '127.0.0.1' });
    const viaProxy = {
      origin: 'https://hmi.plant',
      'x-forwarded-host': 'hmi.plant',
      'x-forwarded-proto': 'https',
    };
    expect(await attempt(proxied.url, proxied.token, viaProxy)).toEqual({ connected: true });
  });

  it('takes an --allowed-origin', async () => {
    const { url, token } = await serve({ allowedOrigins: ['https://ops.plant'] });
    expect(await attempt(url, token, { origin: 'https://ops.plant' })).toEqual({
      connected: true,
    });
    expect(await attempt(url, token, { origin: 'https://ops.plant.evil' })).toMatchObject({
      status: 403,
    });
  });
});

describe('sockets per session', () => {
  it('refuses the one beyond the cap with a clear error, keeps the others, frees a place on close', async () => {
    const { url, token } = await serve({ socketsPerSession: 3 });
    for (let i = 0; i < 3; i++) expect(await attempt(url, token, {})).toEqual({ connected: true });
    expect(await attempt(url, token, {})).toEqual({
      connected: false,
      status: 429,
      message: expect.stringMatching(/already holds 3 live connections/),
    });
    expect(clients.filter((c) => c.connected)).toHaveLength(3);
    // Another session of the same user has its own places.
    const other = (await t!.login('viewer')).token;
    expect(await attempt(url, other, {})).toEqual({ connected: true });
    const first = clients[0]!;
    const gone = new Promise((r) => first.once('disconnect', r));
    first.close();
    await gone;
    await new Promise((r) => setTimeout(r, 100)); // the server sees the close
    expect(await attempt(url, token, {})).toEqual({ connected: true });
  });

  it('caps at 8 by default', async () => {
    const { url, token } = await serve();
    for (let i = 0; i < 8; i++) expect(await attempt(url, token, {})).toEqual({ connected: true });
    expect(await attempt(url, token, {})).toMatchObject({ connected: false, status: 429 });
  });
});

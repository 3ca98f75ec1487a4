// A flood of wrong logins from many addresses, at the real scrypt cost, over real HTTP: the user's own login stays fast, the event loop free.
import { startLoopLag } from '@zld/testkit';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST } from '../../apps/gateway/src/security/index.js';
import { buildSecurityApp, PASSWORDS, type SecurityApp } from './security-app.js';

let t: SecurityApp;
afterEach(() => t?.close());

/** POST /api/auth/login from `localAddress` (any 127.x.y.z address on loopback); status and ms taken. */
function login(
  username: string,
  password: string,
  localAddress: string,
): Promise<{ status: number; ms: number }> {
  const url = new URL('/api/auth/login', t.address!);
  const body = JSON.stringify({ username, password });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const until = async (ok: () => boolean, ms: number) => {
  const end = performance.now() + ms;
  while (!ok() && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
};

describe('a login flood', () => {
  it('120 wrong logins in parallel from other addresses: the user still logs in within a second', async () => {
    t = await buildSecurityApp({ scryptCost: DEFAULT_SCRYPT_COST, listen: true });
    // The operator's workstation has logged in before; one login alone, for scale.
    const alone = await login('operator', PASSWORDS.operator, '127.0.0.1');
    expect(alone.status).toBe(200);

    const lag = startLoopLag();
    try {
      // Wrong passwords for the operator and for names that do not exist (each costs a hash too).
      let answered = 0;
      const flood = Array.from({ length: 120 }, (_, i) =>
        login(
          i % 2 === 0 ? 'operator' : `nobody-${i}`,
          `wrong guess ${i}`,
          `127.0.9.${i + 1}`,
        ).then((a) => {
          answered++;
          return a;
        }),
      );
      // The refusals are back; the checks the gate let in are still running or waiting.
      await until(() => answered >= 100, 20_000);
      const load = t.app.security.hashGate.load();
      const own = await login('operator', PASSWORDS.operator, '127.0.0.1');
      const answers = await Promise.all(flood);
      expect(load.running + load.waiting).toBeGreaterThan(0);
      expect(own.status).toBe(200);
      // One hash of its own (the place kept for known sources), on a machine other work shares.
      expect(own.ms, `alone ${alone.ms.toFixed(0)} ms`).toBeLessThan(
        Math.max(1000, 1.5 * alone.ms) + lag.maxMs(),
      );
      // Strangers beyond the short queue are refused at once (429), never queued without bound.
      const refused = answers.filter((a) => a.status === 429);
      expect(Math.max(...refused.map((a) => a.ms))).toBeLessThan(5000);
      const statuses = new Set(answers.map((a) => a.status));
      expect(
        [...statuses].every((s) => s === 401 || s === 429),
        [...statuses].join(),
      ).toBe(true);
      expect(refused.length).toBeGreaterThan(100);
      // The event loop (polling, alarms, the HMI) kept its pace: scrypt ran on the thread pool.
      expect(lag.maxMs()).toBeLessThan(300);
    } finally {
      lag.stop();
    }
  });
});

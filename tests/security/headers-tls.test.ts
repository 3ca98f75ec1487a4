// Security headers (CSP for a same-origin React app and socket.io), errors without stack traces, and HTTPS-only serving.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpsOptions } from '../../apps/gateway/src/security/index.js';
import { buildSecurityApp, PASSWORDS, type SecurityApp } from './security-app.js';

let t: SecurityApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('security headers', () => {
  it('send a strict same-origin CSP and the usual hardening headers on every answer', async () => {
    t = await buildSecurityApp();
    for (const url of ['/api/auth/me', '/api/audit', '/api/nowhere']) {
      const res = await t.app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // No HSTS on plain HTTP.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('errors', () => {
  it('never carry a stack trace, even for an internal failure', async () => {
    t = await buildSecurityApp();
    t.set('FIC-106.SP', 25);
    const op = t.bearer(await t.login('operator'));
    t.audit.close(); // every command is audited: now the audit write fails
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tags/FIC-106.SP/write',
      headers: op,
      payload: { value: 26 },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(t.portOf('FIC-106.SP').writes).toEqual([]);
    for (const bad of ['{"value":', '[]', 'null', '{"value": 1, "value": }']) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/tags/FIC-106.SP/write',
        headers: { ...op, 'content-type': 'application/json' },
        payload: bad,
      });
      expect(r.statusCode, bad).toBe(400);
      expect(r.body, bad).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS only with the given certificate and marks cookies Secure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zld-tls-'));
    try {
      const certFile = join(dir, 'cert.pem');
      const keyFile = join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      t = await buildSecurityApp({
        secureCookies: true,
        https: httpsOptions({ certFile, keyFile }).https,
      });
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      expect(address).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(address).port);
      const body = JSON.stringify({ username: 'viewer', password: PASSWORDS.viewer });
      const res = await new Promise<{ status: number; headers: Record<string, unknown> }>(
        (resolve, reject) => {
          const req = httpsRequest(
            {
              host: '127.0.0.1',
              port,
              path: '/api/auth/login',
              method: 'POST',
              ca: readFileSync(certFile),
              headers: { 'content-type': 'application/json' },
            },
            (r) => {
              r.resume();
              r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
            },
          );
          req.on('error', reject);
          req.end(body);
        },
      );
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Secure/);
      expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=15552000/);
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      // Plain HTTP on the same port gets no answer from the API.
      const plain = await new Promise<string>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/auth/me' }, (r) =>
          resolve(`status ${r.statusCode}`),
        );
        req.on('error', (err) =>
          resolve(`error ${(err as NodeJS.ErrnoException).code ?? err.message}`),
        );
        req.end();
      });
      expect(plain).not.toMatch(/status 2\d\d/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

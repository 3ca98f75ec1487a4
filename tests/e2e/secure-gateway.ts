// The gateway as production wires it (users and audit in a data dir, sessions, command path, real drivers), on a free loopback port.
import {
  assembleRuntime,
  buildApp,
  openSecurity,
  startGateway,
  type EndpointOverride,
  type Runtime,
  type SecurityParts,
} from '@zld/gateway';
import type { LoginDto } from '@zld/api';
import { loadPlant } from '@zld/protocols';
import { wallClock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PASSWORD = 'pilot line admin secret 7';

export interface SecureGateway {
  app: FastifyInstance;
  runtime: Runtime;
  security: SecurityParts;
  /** `http://127.0.0.1:<port>` */
  url: string;
  dataDir: string;
  /** A JSON request; `token` authenticates it as a bearer token. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  login(username: string, password: string): Promise<string>;
  /** Adds a user through the admin API and answers a token of a fresh session of theirs. */
  userWithRole(username: string, role: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSecureGateway(options: {
  plcEndpoints: Record<string, EndpointOverride>;
}): Promise<SecureGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'zld-e2e-'));
  const security = await openSecurity({ dataDir, clock: wallClock, adminPassword: ADMIN_PASSWORD });
  const runtime = assembleRuntime(loadPlant(), {
    plcEndpoints: options.plcEndpoints,
    driverOptions: {
      pkiDir: join(dataDir, 'pki', 'gateway'),
      protocolOptions: { opcua: { acceptUnknownCertificate: true } },
      logger: { info: () => {}, warn: () => {} },
    },
  });
  const app = buildApp({
    runtime,
    security: { parts: security, clock: wallClock },
    processMetrics: false,
  });
  const gateway = await startGateway({
    services: [{ stop: () => security.close() }],
    runtime,
    app,
    listen: { host: '127.0.0.1', port: 0 },
  });
  const url = gateway.address!;

  const call: SecureGateway['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const login = async (username: string, password: string) => {
    const res = await call('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200)
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as LoginDto).token;
  };
  let admin: string | undefined;
  return {
    app,
    runtime,
    security,
    url,
    dataDir,
    call,
    login,
    async userWithRole(username, role) {
      admin ??= await login('admin', ADMIN_PASSWORD);
      const password = `${role} shift password ${username.length} 9`;
      const res = await call('POST', '/api/users', {
        token: admin,
        body: { username, password, role },
      });
      if (res.status !== 201)
        throw new Error(`add ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return login(username, password);
    },
    async close() {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

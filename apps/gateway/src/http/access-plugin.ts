// Every route declares the least access it needs (`config.access`); one hook asks an injectable authorizer.
import { isAccess, type Access, type Role } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.js';

export interface AuthUser {
  username: string;
  role: Role;
}

/** What an authorizer sees of an HTTP request or a socket.io handshake. */
export interface AuthSubject {
  method: string;
  url: string;
  ip: string;
  headers: IncomingHttpHeaders;
}

export type AuthDecision =
  { allow: true; user: AuthUser | null } | { allow: false; status: 401 | 403; message: string };

/** Decides whether a subject may use something that needs `access`. */
export type Authorizer = (
  subject: AuthSubject,
  access: Access,
) => AuthDecision | Promise<AuthDecision>;

/**
 * The authorizer used until the security work adds users and sessions: it lets EVERY request through,
 * whatever the route's declared access, and identifies nobody. It exists so the hook, the declared
 * access of every route and the tests of both are in place; replace it before exposing the gateway.
 */
export const allowEveryone: Authorizer = () => ({ allow: true, user: null });

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least access the route needs; every route must declare it. */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who the authorizer identified; null for anonymous access. */
    user: AuthUser | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order (the role x route matrix). */
    accessTable: readonly RouteAccess[];
    authorizer: Authorizer;
  }
}

export interface AccessPluginOptions {
  authorizer?: Authorizer;
}

async function registerAccess(app: FastifyInstance, opts: AccessPluginOptions): Promise<void> {
  const authorizer = opts.authorizer ?? allowEveryone;
  const table: RouteAccess[] = [];
  app.decorate('accessTable', table);
  app.decorate('authorizer', authorizer);
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: unknown } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!isAccess(access))
      throw new Error(`route ${methods.join(',')} ${route.url} declares no valid config.access`);
    for (const method of methods) table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // no route matched: the not-found handler answers
    const decision = await authorizer(
      { method: request.method, url: request.url, ip: request.ip, headers: request.headers },
      access,
    );
    if (!decision.allow)
      throw new ApiError(decision.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', decision.message);
    request.user = decision.user;
  });
}

export const accessPlugin = fp(registerAccess, { name: 'zld-access', fastify: '5.x' });

// Serves the built HMI (a Vite bundle): hashed assets cached for a year, pages revalidated, index.html for page paths.
import fastifyStatic from '@fastify/static';
import type { RouteSpec } from '@zld/api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineOtherRoute } from '../http/define-route.js';

export interface HmiPluginOptions {
  /** The bundle folder (`apps/hmi/dist`): `index.html` and `assets/`. */
  dir: string;
}

/** The one route of the HMI: every GET no other route takes; anyone may load the page (the API needs a session). */
export const HMI_ROUTE = {
  method: 'GET',
  path: '/*',
  access: 'anyone',
} as const satisfies RouteSpec;

/** Paths of the API, the live stream and the probes: never answered with the HMI's page. */
const NOT_HMI = /^\/(api|socket\.io|healthz|metrics)(\/|$)/;
/** Vite puts content-hashed files under `assets/`: a changed file gets a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `index.html` and unhashed files: revalidated (ETag / Last-Modified) on every load. */
const REVALIDATE = 'no-cache';

const params = {
  type: 'object',
  additionalProperties: false,
  properties: { '*': { type: 'string', maxLength: 1024 } },
} as const;

/** Whether the HMI folder can be served (it holds `index.html`). */
export function isHmiBuilt(dir: string): boolean {
  return existsSync(join(resolve(dir), 'index.html'));
}

async function registerHmi(app: FastifyInstance, opts: HmiPluginOptions): Promise<void> {
  const root = resolve(opts.dir);
  if (!isHmiBuilt(root))
    throw new Error(
      `the HMI folder ${root} has no index.html (build it: npm run build -w @zld/hmi)`,
    );
  await app.register(fastifyStatic, {
    root,
    serve: false,
    decorateReply: true,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    etag: true,
    lastModified: true,
  });
  const page = (reply: FastifyReply) =>
    reply.header('cache-control', REVALIDATE).sendFile('index.html');

  defineOtherRoute<{ Params: { '*'?: string } }>(app, HMI_ROUTE, {
    // Any query string: the displays keep their state in it (`?fp=<tag>`), the server ignores it.
    schema: { params },
    handler: async (request, reply) => {
      const path = request.url.split('?', 1)[0] ?? '/';
      if (NOT_HMI.test(path)) return reply.callNotFound();
      const file = request.params['*'] ?? '';
      const last = file.slice(file.lastIndexOf('/') + 1);
      // A page path (no file extension) is a route of the single-page app: its page.
      if (!/\.[A-Za-z0-9]+$/.test(last)) return page(reply);
      reply.header('cache-control', file.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
      return reply.sendFile(file);
    },
  });
}

export const hmiPlugin = fp(registerHmi, {
  name: 'zld-hmi',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-errors'],
});

// Security headers for the HMI and the API (@fastify/helmet): a strict same-origin CSP that a React bundle and socket.io fit.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * - Scripts, fonts, workers, the manifest and every fetch or WebSocket (`connect-src 'self'`, which
 *   covers the socket.io polling and `ws:`/`wss:` upgrade to the same host) come from the gateway only.
 * - Styles: the bundle's CSS plus inline style attributes, which chart libraries set; no inline script.
 * - Images: the bundle and `data:` URIs (inline SVG icons).
 * - No plugins, no framing by another site, forms post only to the gateway.
 * With TLS: HSTS (180 days) and `upgrade-insecure-requests`.
 */
export function helmetOptions(tls: boolean): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: tls ? { maxAge: 180 * 86400, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  };
}

export interface SecurityHeadersOptions {
  /** This process serves TLS (HSTS, upgrade-insecure-requests). */
  tls: boolean;
}

async function registerHeaders(app: FastifyInstance, opts: SecurityHeadersOptions): Promise<void> {
  await app.register(helmet, helmetOptions(opts.tls));
}

/**
 * Helmet on every answer. Register it FIRST, before the access plugin: its headers are set in an
 * onRequest hook, and a request the access hook refuses (401/403) runs no later hook.
 */
export const securityHeadersPlugin = fp(registerHeaders, {
  name: 'zld-security-headers',
  fastify: '5.x',
});

// TLS for the gateway: the fastify `https` server options built from a certificate and key (HTTPS only, TLS 1.2+).
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';

export interface TlsFiles {
  /** PEM certificate (chain) file. */
  certFile: string;
  /** PEM private key file. */
  keyFile: string;
}

export interface HttpsServerOptions {
  https: SecureContextOptions & { minVersion: 'TLSv1.2' | 'TLSv1.3' };
}

/**
 * `Fastify({ ...httpsOptions(tls) })` serves HTTPS and nothing else on the gateway port; pass
 * `secureCookies: true` to the security plugin with it. Behind a TLS-terminating reverse proxy
 * instead, keep the gateway on loopback HTTP, set fastify's `trustProxy` to the proxy's address (so
 * `request.ip` is the client's and rate limits and the audit trail see real addresses), and still pass
 * `secureCookies: true`, because the browser reaches the gateway over HTTPS.
 */
export function httpsOptions(
  tls: TlsFiles | { cert: string | Buffer; key: string | Buffer },
): HttpsServerOptions {
  const cert = 'cert' in tls ? tls.cert : readFileSync(tls.certFile);
  const key = 'key' in tls ? tls.key : readFileSync(tls.keyFile);
  return { https: { cert, key, minVersion: 'TLSv1.2' } };
}

// What the gateway prints once it listens: where it is, whether the HMI is served, and how to log in.
import type { BootstrapResult } from './security/bootstrap-admin.js';
import { FIRST_ADMIN } from './security/bootstrap-admin.js';

export interface BannerFacts {
  /** What `listen` answered, e.g. `http://127.0.0.1:8080` or `http://[::]:8080`. */
  address: string;
  plant: { id: string; version: string; plcs: number; tags: number };
  clock: string;
  hmi: { served: boolean; dir: string };
  bootstrap: BootstrapResult;
  /** Whether the first admin's password came from ZLD_ADMIN_PASSWORD or its file. */
  passwordGiven: boolean;
}

/** The URL a person on this machine opens: a wildcard listen address becomes the loopback one. */
export function browserUrl(address: string): string {
  const url = new URL(address);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

export function startupBanner(f: BannerFacts): string[] {
  const url = browserUrl(f.address);
  const lines = [
    `ZLD gateway on ${f.address} (plant ${f.plant.id} ${f.plant.version}, ${f.plant.plcs} PLCs, ` +
      `${f.plant.tags} tags, clock ${f.clock})`,
  ];
  if (f.hmi.served) lines.push(`HMI: open ${url}/ (served from ${f.hmi.dir})`);
  else
    lines.push(
      `HMI: NOT served: ${f.hmi.dir} holds no built HMI (build it with "npm run build -w @zld/hmi"); ` +
        'the REST API and socket.io work without it',
    );
  const { bootstrap } = f;
  if (bootstrap.generatedPassword !== undefined) {
    lines.push(
      `Log in as "${FIRST_ADMIN}" with the password ${bootstrap.generatedPassword}`,
      '  (made at this first start and shown only this once: it is stored only as a hash. Keep it,',
      '  then give each person an account of their own: POST /api/users as admin.)',
    );
  } else if (bootstrap.created && f.passwordGiven) {
    lines.push(`Log in as "${FIRST_ADMIN}" with the password given in ZLD_ADMIN_PASSWORD.`);
  } else {
    lines.push(
      `Log in with your account (the first admin is "${FIRST_ADMIN}"; its password was printed at the ` +
        'first start or given in ZLD_ADMIN_PASSWORD).',
    );
  }
  lines.push(
    `API clients: POST ${url}/api/auth/login {"username","password"} answers a token for ` +
      '"Authorization: Bearer <token>" (with two-factor authentication on, a challenge for ' +
      'POST /api/auth/mfa {"challenge","code"}, which answers the token).',
  );
  return lines;
}

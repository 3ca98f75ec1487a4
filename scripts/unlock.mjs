// `npm run unlock -- <user>`: clears a user name's failed logins and lock-outs in a running gateway, as an admin.
// Also `--list` (lock-outs in force). Talks to the gateway's REST API: the lock-outs live in the gateway's memory.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run unlock -- <user name> [options]
       npm run unlock -- --list [options]

Clears the failed logins and lock-outs of <user name> from every address (an admin's action, audited),
or lists the lock-outs in force.

  --gateway <url>           the gateway (default http://127.0.0.1:8080, or GATEWAY_URL)
  --admin <name>            the admin who does it (default admin)
  --password-file <file>    the admin's password, first line (default: ZLD_UNLOCK_PASSWORD, else asked)
                            an admin with two-factor authentication is asked for a code (or a recovery
                            code) after it, unless ZLD_UNLOCK_CODE gives one
  --list                    list the lock-outs in force instead
  --help`;

/** Runs the command; answers the exit code. Output and errors go to `out` and `err`. */
export async function main(argv, env = process.env, io = { out: console.log, err: console.error }) {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        gateway: { type: 'string' },
        admin: { type: 'string' },
        'password-file': { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.err(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const target = positionals[0];
  if (positionals.length > 1 || (!values.list && !target)) {
    io.err(USAGE);
    return 2;
  }
  const base = values.gateway ?? env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
  const admin = values.admin ?? 'admin';
  const password = await adminPassword(values['password-file'], env);

  const call = async (method, path, { token, body } = {}) => {
    const res = await fetch(new URL(path, base), {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const message = answer?.error?.message ?? res.statusText;
      throw new Error(`${method} ${path}: ${res.status} ${message}`);
    }
    return answer;
  };

  let token;
  try {
    const first = await call('POST', '/api/auth/login', { body: { username: admin, password } });
    if (first.mfaRequired) {
      const code = env.ZLD_UNLOCK_CODE ?? (await ask('Two-factor code: '));
      const body = { challenge: first.challenge, code: code.trim() };
      ({ token } = await call('POST', '/api/auth/mfa', { body }));
    } else ({ token } = first);
    if (values.list) {
      const lockouts = await call('GET', '/api/auth/lockouts', { token });
      if (lockouts.length === 0) io.out('No lock-outs in force.');
      for (const l of lockouts)
        io.out(
          l.scope === 'pair'
            ? `${l.username} from ${l.address}: locked out until ${l.until}`
            : `address ${l.address}: locked out until ${l.until}`,
        );
    } else {
      const r = await call('POST', `/api/users/${encodeURIComponent(target)}/unlock`, {
        token,
        body: {},
      });
      io.out(`Unlocked ${r.username}: ${r.cleared} record(s) of failed logins cleared.`);
    }
    return 0;
  } catch (e) {
    io.err(`unlock: ${e.cause?.message ?? e.message}`);
    return 1;
  } finally {
    if (token) await call('POST', '/api/auth/logout', { token, body: {} }).catch(() => undefined);
  }
}

async function adminPassword(file, env) {
  if (file) return readFileSync(file, 'utf8').split(/\r?\n/)[0];
  if (env.ZLD_UNLOCK_PASSWORD) return env.ZLD_UNLOCK_PASSWORD;
  return ask('Admin password: ');
}

async function ask(prompt) {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.exitCode = await main(process.argv.slice(2));

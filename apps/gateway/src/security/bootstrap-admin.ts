// First start: creates the `admin` account (given password, or a random one returned once); production refuses demo passwords.
import { randomBytes } from 'node:crypto';
import { passwordProblems } from './password-policy.js';
import type { UserStore } from './user-store.js';

export const FIRST_ADMIN = 'admin';

export interface BootstrapOptions {
  /** The first admin's password (the entry module passes `ZLD_ADMIN_PASSWORD`); unset: a random one. */
  adminPassword?: string | undefined;
  /**
   * Production: refuse to start when the given admin password breaks the policy (shorter than 12
   * characters, a known demo value, ...) or when an enabled admin still has a password that was
   * accepted below the policy outside production.
   */
  production?: boolean;
}

export interface BootstrapResult {
  /** Whether the store was empty and `admin` was created now. */
  created: boolean;
  /** Only when created without a given password: print it once, it is stored nowhere in clear. */
  generatedPassword?: string;
  /** Things the entry module should log. */
  warnings: string[];
}

export class StartupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefusedError';
  }
}

export async function bootstrapAdmin(
  users: UserStore,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const { adminPassword, production = false } = options;
  const warnings: string[] = [];
  const given = adminPassword !== undefined && adminPassword !== '' ? adminPassword : undefined;
  const problems = given === undefined ? [] : passwordProblems(given, FIRST_ADMIN);
  if (production && problems.length > 0)
    throw new StartupRefusedError(
      `production start refused: the admin password (ZLD_ADMIN_PASSWORD) is ${problems.join('; ')}`,
    );

  if (users.count() > 0) {
    if (given !== undefined)
      warnings.push('ZLD_ADMIN_PASSWORD is ignored: the user store already exists');
    const weak = users.weakPasswordAdmins();
    if (weak.length > 0) {
      const msg = `admin account(s) ${weak.join(', ')} still have a password below the policy`;
      if (production) throw new StartupRefusedError(`production start refused: ${msg}`);
      warnings.push(msg);
    }
    return { created: false, warnings };
  }

  if (given !== undefined) {
    if (problems.length > 0)
      warnings.push(
        `the admin password is ${problems.join('; ')}: accepted outside production only`,
      );
    await users.add(FIRST_ADMIN, given, 'admin', { allowWeak: !production });
    return { created: true, warnings };
  }
  let generated = randomBytes(18).toString('base64url');
  while (passwordProblems(generated, FIRST_ADMIN).length > 0)
    generated = randomBytes(18).toString('base64url');
  await users.add(FIRST_ADMIN, generated, 'admin');
  return { created: true, generatedPassword: generated, warnings };
}

// Password rules for every account, and the stricter start-up check of the first admin's password in production.
import { MAX_PASSWORD_LENGTH } from '@zld/api';
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

zxcvbnOptions.setOptions({
  // Common passwords (breach lists), names and English words, keyboard patterns.
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

/** The least zxcvbn score accepted (0-4; 3: "safely unguessable", about 10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

/** Words of this plant and product a guesser tries first (with the user name). */
const PLANT_WORDS = ['zld', 'scada', 'brine', 'plant', 'admin', 'operator', 'engineer', 'viewer'];

/** At least this many characters (NIST SP 800-63B allows 8; a plant-control account gets more). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Known demo, default and breached values (compared case-insensitively). Short ones are refused by the
 * length rule anyway; they are listed so the production check names the reason.
 */
export const DENIED_PASSWORDS: ReadonlySet<string> = new Set([
  'admin',
  'administrator',
  'password',
  'changeme',
  'secret',
  'zld',
  'scada',
  'demo',
  '123456',
  '12345678',
  'qwerty',
  'letmein',
  'admin123',
  'password1',
  'admin12345678',
  'administrator1',
  'password1234',
  'password12345',
  'passwordpassword',
  'changeme1234',
  'changemechangeme',
  'zld-admin-password',
  'zldadminpassword',
  'zld-demo-password',
  'zldscada-demo',
  'zldscadaadmin',
  'scadaadmin123',
  'correcthorsebatterystaple',
  'qwertyuiop12',
  '123456789012',
]);

/** The problems with a password for `username`; empty when it may be used. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push(`shorter than ${MIN_PASSWORD_LENGTH} characters`);
  // Longer passwords only make hashing slower (a denial-of-service lever); the API refuses them too.
  if (password.length > MAX_PASSWORD_LENGTH)
    problems.push(`longer than ${MAX_PASSWORD_LENGTH} characters`);
  if (DENIED_PASSWORDS.has(lower)) problems.push('a known default or demo password');
  if (username !== undefined && lower.includes(username.toLowerCase()) && username.length >= 3)
    problems.push('contains the user name');
  if (password.length > 0 && new Set(password).size === 1) problems.push('one repeated character');
  if (problems.length === 0) {
    const result = zxcvbn(
      password,
      username !== undefined ? [username, ...PLANT_WORDS] : PLANT_WORDS,
    );
    if (result.score < MIN_PASSWORD_SCORE) {
      const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
      problems.push(
        `too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed)` +
          (why.length > 0 ? `: ${why.join(' ')}` : ''),
      );
    }
  }
  return problems;
}

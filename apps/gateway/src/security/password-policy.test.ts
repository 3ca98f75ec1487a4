import { describe, expect, it } from 'vitest';
import { DENIED_PASSWORDS, passwordProblems } from './password-policy.js';

describe('the password policy', () => {
  it('accepts a long, unlisted password', () => {
    expect(passwordProblems('evaporator brine 7 crystal', 'shift-d')).toEqual([]);
  });

  it('refuses short, listed, repeated and name-bearing passwords', () => {
    expect(passwordProblems('short', 'op')).toContain('shorter than 12 characters');
    expect(passwordProblems('Password1234', 'op')).toContain('a known default or demo password');
    expect(passwordProblems('aaaaaaaaaaaaaa', 'op')).toContain('one repeated character');
    expect(passwordProblems('operator-shift-e-2024', 'shift-e')).toContain(
      'contains the user name',
    );
    expect(passwordProblems('x'.repeat(300), 'op')).toContain('longer than 256 characters');
  });

  it('refuses passwords a guesser tries early, saying why (zxcvbn and its common-password list)', () => {
    for (const p of ['Passw0rd1234', 'qwerty123456', 'Welcome12345', 'Admin1234567']) {
      const problems = passwordProblems(p, 'shift-f');
      expect(problems, p).toEqual([
        expect.stringMatching(
          /^too easy to guess \(strength [0-2] of 4, at least 3 needed\): This is (similar to )?a commonly used password\./,
        ),
      ]);
    }
    expect(passwordProblems('plant control secret 1', 'admin')).toEqual([]);
  });

  it('lists every deny-list entry as a problem, whatever its case', () => {
    for (const p of DENIED_PASSWORDS) {
      expect(passwordProblems(p).length, p).toBeGreaterThan(0);
      expect(passwordProblems(p.toUpperCase()).length, p).toBeGreaterThan(0);
    }
  });
});

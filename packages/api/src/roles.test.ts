import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, ROLES, isAccess, isRole, roleAtLeast, roleRank } from './roles.js';

describe('roles', () => {
  it('are ordered viewer < operator < engineer < admin', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'engineer', 'admin']);
    expect(ROLES.map(roleRank)).toEqual([0, 1, 2, 3]);
  });

  it('grant what a lower role may do, never what a higher one may', () => {
    for (const have of ROLES)
      for (const need of ROLES)
        expect(roleAtLeast(have, need), `${have} for ${need}`).toBe(
          ROLES.indexOf(have) >= ROLES.indexOf(need),
        );
  });

  it('recognise roles and access levels', () => {
    expect(isRole('operator')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(3)).toBe(false);
    expect(ACCESS_LEVELS).toEqual(['anyone', 'loopback-or-token', ...ROLES]);
    expect(isAccess('anyone')).toBe(true);
    expect(isAccess('loopback-or-token')).toBe(true);
    expect(isAccess('everyone')).toBe(false);
  });
});

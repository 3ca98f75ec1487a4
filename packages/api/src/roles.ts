// Roles (viewer < operator < engineer < admin) and the access level every route and event declares.

/** The user roles, least privileged first. */
export const ROLES = ['viewer', 'operator', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The least access a route needs: `anyone` (no session), `loopback-or-token` (a request from the
 * gateway's own host, or one carrying a token: the contract's rule for `/metrics`), or a role.
 */
export type Access = 'anyone' | 'loopback-or-token' | Role;

export const ACCESS_LEVELS: readonly Access[] = ['anyone', 'loopback-or-token', ...ROLES];

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLES as readonly string[]).includes(s);
}

export function isAccess(s: unknown): s is Access {
  return typeof s === 'string' && (ACCESS_LEVELS as readonly string[]).includes(s);
}

/** The rank of a role: viewer 0 ... admin 3. */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether a user holding `have` may do what needs `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return roleRank(have) >= roleRank(need);
}

// The short-lived challenge between the password step and the code step of a login with MFA; in memory, digests only.
import type { Clock } from '@zld/tags';
import { createHash, randomBytes } from 'node:crypto';

export interface ChallengePolicy {
  /** How long the code step may come after the password step (default 5 min). */
  ttlMs: number;
  /** Wrong codes one challenge allows before it is spent (default 3). */
  maxTries: number;
  /** Challenges kept at once; the oldest go first beyond it (default 10,000). */
  maxLive: number;
}

export const DEFAULT_CHALLENGE_POLICY: ChallengePolicy = {
  ttlMs: 5 * 60_000,
  maxTries: 3,
  maxLive: 10_000,
};

export interface Challenge {
  readonly username: string;
  /** The address of the password step: the code step must come from it. */
  readonly source: string;
  readonly expiresAt: number;
  tries: number;
}

const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/**
 * A challenge proves only that the password step passed: it issues no session, works from the same
 * address only, for a few minutes and a few wrong codes, and is spent by the first right one.
 */
export class MfaChallenges {
  readonly policy: ChallengePolicy;
  private readonly live = new Map<string, Challenge>();

  constructor(
    private readonly clock: Clock,
    policy: Partial<ChallengePolicy> = {},
  ) {
    this.policy = { ...DEFAULT_CHALLENGE_POLICY, ...policy };
  }

  issue(username: string, source: string): { challenge: string; expiresAt: number } {
    const now = this.clock.now();
    for (const [k, c] of this.live) if (c.expiresAt <= now) this.live.delete(k);
    while (this.live.size >= this.policy.maxLive)
      this.live.delete(this.live.keys().next().value as string);
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = now + this.policy.ttlMs;
    this.live.set(digest(challenge), { username, source, expiresAt, tries: 0 });
    return { challenge, expiresAt };
  }

  /** The live challenge given from this address, or null (unknown, expired, spent, other address). */
  find(challenge: string, source: string): Challenge | null {
    if (challenge.length === 0 || challenge.length > 128) return null;
    const key = digest(challenge);
    const found = this.live.get(key);
    if (!found) return null;
    if (found.expiresAt <= this.clock.now()) {
      this.live.delete(key);
      return null;
    }
    return found.source === source ? found : null;
  }

  /** A wrong code: answers the tries left (0: the challenge is spent). */
  failed(challenge: string): number {
    const key = digest(challenge);
    const found = this.live.get(key);
    if (!found) return 0;
    found.tries++;
    const left = this.policy.maxTries - found.tries;
    if (left <= 0) this.live.delete(key);
    return Math.max(0, left);
  }

  /** The right code: the challenge is spent. */
  spend(challenge: string): void {
    this.live.delete(digest(challenge));
  }
}

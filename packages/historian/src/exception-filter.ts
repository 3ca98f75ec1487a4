// Exception reporting per tag (pure): which samples to store, after deadband, max interval and quality rules.
import type { TagValue } from '@zld/tags';

/** Per-tag settings, as given by the plant definition's `deadband` and `maxIntervalS`. */
export interface TagPolicy {
  name: string;
  /** Store when |change| exceeds this (engineering units). 0 stores every change. */
  deadband: number;
  /** Store at least this often while samples keep coming, even without change. */
  maxIntervalS: number;
}

export const DEFAULT_POLICY: Omit<TagPolicy, 'name'> = { deadband: 0, maxIntervalS: 300 };

interface TagState {
  /** The last sample stored. */
  stored: TagValue;
  /** The latest sample received and not stored, kept so an exception can store it too. */
  held: TagValue | null;
  deadband: number;
  maxIntervalMs: number;
}

/**
 * Exception reporting (PI-style ExcDev/ExcMax):
 * - the first sample of a tag is stored;
 * - a quality change is always stored, whatever the value (bypasses the deadband);
 * - a numeric change of more than the deadband from the last stored value is stored, and so is any
 *   change of a boolean or between null and a number;
 * - when a sample arrives maxIntervalS or more after the last stored one, it is stored;
 * - whenever an exception stores a sample, the held previous sample is stored first, so a trend drawn
 *   through stored points shows the value holding until the change, not a ramp;
 * - `due(now)` stores a held sample once maxIntervalS has passed since the last stored one, so a
 *   value that stopped moving still gets its final sample written without waiting for the next one.
 * Times compared are the samples' `ts` and the `now` passed in (the gateway's clock).
 */
export class ExceptionFilter {
  private readonly policies = new Map<string, TagPolicy>();
  private readonly state = new Map<string, TagState>();

  constructor(
    policies: Iterable<TagPolicy> = [],
    private readonly fallback = DEFAULT_POLICY,
  ) {
    for (const p of policies) this.policies.set(p.name, p);
  }

  policyOf(name: string): TagPolicy {
    return this.policies.get(name) ?? { name, ...this.fallback };
  }

  /** Takes one sample; answers the samples to store now, oldest first (zero, one or two). */
  offer(v: TagValue): TagValue[] {
    const out: TagValue[] = [];
    this.take(v, (s) => out.push(s));
    return out;
  }

  /** As `offer`, handing each sample to store to `store` (no array per sample: the recorder's hot path). */
  take(v: TagValue, store: (s: TagValue) => void): void {
    const st = this.state.get(v.name);
    if (!st) {
      const p = this.policyOf(v.name);
      this.state.set(v.name, {
        stored: v,
        held: null,
        deadband: p.deadband,
        maxIntervalMs: p.maxIntervalS * 1000,
      });
      store(v);
      return;
    }
    if (v.quality !== st.stored.quality || changed(st.stored.value, v.value, st.deadband)) {
      if (st.held) store(st.held);
      store(v);
      st.stored = v;
      st.held = null;
      return;
    }
    if (v.ts - st.stored.ts >= st.maxIntervalMs) {
      st.stored = v;
      st.held = null;
      store(v);
      return;
    }
    st.held = v;
  }

  /** Held samples whose tag has gone maxIntervalS without a stored sample. */
  due(now: number): TagValue[] {
    const out: TagValue[] = [];
    for (const st of this.state.values()) {
      if (st.held && now - st.stored.ts >= st.maxIntervalMs) {
        out.push(st.held);
        st.stored = st.held;
        st.held = null;
      }
    }
    return out;
  }
}

function changed(prev: TagValue['value'], next: TagValue['value'], deadband: number): boolean {
  if (typeof prev === 'number' && typeof next === 'number') return Math.abs(next - prev) > deadband;
  return prev !== next;
}

// Select-before-operate for critical points: one session holds a point for a short time; operate must match it.
import { randomBytes } from 'node:crypto';
import { sameValue } from './interlocks.js';
import type { SboStatus } from './refusal.js';

export const DEFAULT_SELECT_TIMEOUT_MS = 30_000;

export interface Selection {
  selectId: string;
  tag: string;
  value: number | boolean;
  sessionRef: string;
  username: string;
  /** Epoch ms. */
  selectedAt: number;
  expiresAt: number;
}

export type SelectAnswer =
  | { ok: true; selection: Selection }
  | { ok: false; status: Extract<SboStatus, 'SELECTED_BY_OTHER'>; holder: Selection };

export type OperateAnswer =
  | { ok: true; selection: Selection }
  | { ok: false; status: Extract<SboStatus, 'NO_SELECT' | 'TIMEOUT'>; selection?: Selection };

/**
 * The DNP3 / IEC 61850 select-before-operate cases:
 * - a select reserves the point for one session; a select from another session is refused while it
 *   holds, and the same session selecting again replaces its selection;
 * - operate must come from the selecting session with the same point, value and select id, else
 *   NO_SELECT (and a mismatched operate from the holder cancels the selection);
 * - operate after the timeout answers TIMEOUT and releases the point;
 * - cancel releases it; a successful operate consumes it (one operate per select).
 * Time is passed in; expiry is checked when the point is next touched.
 */
export class SelectRegistry {
  readonly timeoutMs: number;
  private readonly byTag = new Map<string, Selection>();

  constructor(timeoutMs: number = DEFAULT_SELECT_TIMEOUT_MS) {
    if (!(timeoutMs > 0)) throw new RangeError('select timeout must be > 0');
    this.timeoutMs = timeoutMs;
  }

  select(
    tag: string,
    value: number | boolean,
    session: { ref: string; username: string },
    now: number,
  ): SelectAnswer {
    const held = this.live(tag, now);
    if (held && held.sessionRef !== session.ref)
      return { ok: false, status: 'SELECTED_BY_OTHER', holder: held };
    const selection: Selection = {
      selectId: randomBytes(16).toString('hex'),
      tag,
      value,
      sessionRef: session.ref,
      username: session.username,
      selectedAt: now,
      expiresAt: now + this.timeoutMs,
    };
    this.byTag.set(tag, selection);
    return { ok: true, selection };
  }

  operate(
    tag: string,
    value: number | boolean,
    sessionRef: string,
    selectId: string | undefined,
    now: number,
  ): OperateAnswer {
    const sel = this.byTag.get(tag);
    if (!sel || sel.sessionRef !== sessionRef) return { ok: false, status: 'NO_SELECT' };
    this.byTag.delete(tag);
    if (now >= sel.expiresAt) return { ok: false, status: 'TIMEOUT', selection: sel };
    if (selectId !== sel.selectId || !sameValue(value, sel.value))
      return { ok: false, status: 'NO_SELECT', selection: sel };
    return { ok: true, selection: sel };
  }

  /** Releases the session's selection of the point; answers it, or undefined when it held none. */
  cancel(tag: string, sessionRef: string, now: number): Selection | undefined {
    const sel = this.live(tag, now);
    if (!sel || sel.sessionRef !== sessionRef) return undefined;
    this.byTag.delete(tag);
    return sel;
  }

  /** Releases every point a session holds (logout, session end); answers how many. */
  releaseSession(sessionRef: string): number {
    let n = 0;
    for (const [tag, sel] of this.byTag)
      if (sel.sessionRef === sessionRef) {
        this.byTag.delete(tag);
        n++;
      }
    return n;
  }

  /** The live selection of a point, if any. */
  live(tag: string, now: number): Selection | undefined {
    const sel = this.byTag.get(tag);
    if (sel && now >= sel.expiresAt) {
      this.byTag.delete(tag);
      return undefined;
    }
    return sel;
  }
}

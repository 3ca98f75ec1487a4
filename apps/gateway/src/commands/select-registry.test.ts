import { describe, expect, it } from 'vitest';
import { SelectRegistry } from './select-registry.js';

const A = { ref: 'session-a', username: 'shift-a' };
const B = { ref: 'session-b', username: 'shift-b' };

describe('select-before-operate (the DNP3 cases)', () => {
  it('select then a matching operate succeeds once', () => {
    const r = new SelectRegistry(30_000);
    const s = r.select('P-103.CMD', true, A, 0);
    if (!s.ok) throw new Error('select refused');
    expect(s.selection).toMatchObject({ tag: 'P-103.CMD', value: true, expiresAt: 30_000 });
    expect(s.selection.selectId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.operate('P-103.CMD', true, A.ref, s.selection.selectId, 29_999)).toMatchObject({
      ok: true,
    });
    // Consumed: a second operate needs a new select.
    expect(r.operate('P-103.CMD', true, A.ref, s.selection.selectId, 29_999)).toEqual({
      ok: false,
      status: 'NO_SELECT',
    });
  });

  it('operate without a select answers NO_SELECT', () => {
    const r = new SelectRegistry();
    expect(r.operate('P-103.CMD', true, A.ref, undefined, 0)).toMatchObject({
      status: 'NO_SELECT',
    });
  });

  it('a select from another session is refused while the first holds', () => {
    const r = new SelectRegistry(30_000);
    r.select('P-103.CMD', true, A, 0);
    const b = r.select('P-103.CMD', true, B, 1000);
    expect(b).toMatchObject({
      ok: false,
      status: 'SELECTED_BY_OTHER',
      holder: { username: 'shift-a' },
    });
    // Another point is free.
    expect(r.select('P-106.CMD', true, B, 1000).ok).toBe(true);
    // After the timeout the point is free for B.
    expect(r.select('P-103.CMD', true, B, 30_000).ok).toBe(true);
  });

  it('an operate from another session does not disturb the holder', () => {
    const r = new SelectRegistry();
    const s = r.select('P-103.CMD', true, A, 0);
    const id = s.ok ? s.selection.selectId : '';
    expect(r.operate('P-103.CMD', true, B.ref, id, 1)).toMatchObject({ status: 'NO_SELECT' });
    expect(r.operate('P-103.CMD', true, A.ref, id, 2).ok).toBe(true);
  });

  it('operate must match point, value and select id, else NO_SELECT (and the select is gone)', () => {
    const r = new SelectRegistry();
    const id = (s: ReturnType<SelectRegistry['select']>) => (s.ok ? s.selection.selectId : '');
    let s = id(r.select('P-103.CMD', true, A, 0));
    expect(r.operate('P-103.CMD', false, A.ref, s, 1)).toMatchObject({ status: 'NO_SELECT' });
    expect(r.operate('P-103.CMD', true, A.ref, s, 2)).toMatchObject({ status: 'NO_SELECT' });
    s = id(r.select('P-103.CMD', true, A, 3));
    expect(r.operate('P-103.CMD', true, A.ref, 'f'.repeat(32), 4)).toMatchObject({
      status: 'NO_SELECT',
    });
    s = id(r.select('P-103.CMD', true, A, 5));
    expect(r.operate('P-106.CMD', true, A.ref, s, 6)).toMatchObject({ status: 'NO_SELECT' });
    expect(r.operate('P-103.CMD', true, A.ref, s, 7).ok).toBe(true);
  });

  it('operate after the timeout answers TIMEOUT and releases the point', () => {
    const r = new SelectRegistry(30_000);
    const s = r.select('P-103.CMD', true, A, 0);
    const id = s.ok ? s.selection.selectId : '';
    expect(r.operate('P-103.CMD', true, A.ref, id, 30_000)).toMatchObject({ status: 'TIMEOUT' });
    expect(r.live('P-103.CMD', 30_000)).toBeUndefined();
    expect(r.select('P-103.CMD', true, B, 30_001).ok).toBe(true);
  });

  it('cancel releases the point; only its own session can cancel', () => {
    const r = new SelectRegistry();
    r.select('P-103.CMD', true, A, 0);
    expect(r.cancel('P-103.CMD', B.ref, 1)).toBeUndefined();
    expect(r.cancel('P-103.CMD', A.ref, 1)?.username).toBe('shift-a');
    expect(r.cancel('P-103.CMD', A.ref, 2)).toBeUndefined();
    expect(r.select('P-103.CMD', true, B, 3).ok).toBe(true);
  });

  it('a new select by the holder replaces its selection; a session end releases all', () => {
    const r = new SelectRegistry();
    const first = r.select('P-103.CMD', true, A, 0);
    const second = r.select('P-103.CMD', false, A, 1);
    const [id1, id2] = [first, second].map((s) => (s.ok ? s.selection.selectId : ''));
    expect(id1).not.toBe(id2);
    expect(r.operate('P-103.CMD', true, A.ref, id1, 2)).toMatchObject({ status: 'NO_SELECT' });
    r.select('P-103.CMD', true, A, 3);
    r.select('P-106.CMD', true, A, 3);
    expect(r.releaseSession(A.ref)).toBe(2);
    expect(r.live('P-103.CMD', 4)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { opA, setup, opB } from './command-service.fixture.js';

describe('the command service with critical points and command ids', () => {
  describe('select-before-operate', () => {
    const ready = () => {
      const t = setup();
      t.set('P-103.CMD', false);
      t.set('LT-105', 60);
      return t;
    };

    it('operates a selected critical point once', async () => {
      const t = ready();
      const sel = t.service.select({ tag: 'P-103.CMD', value: true }, opA);
      expect(sel).toMatchObject({
        ok: true,
        tag: 'P-103.CMD',
        value: true,
        expiresAt: '2025-03-01T06:00:30.000Z',
      });
      if (!sel.ok) return;
      const r = await t.service.write(
        { tag: 'P-103.CMD', value: true, selectId: sel.selectId },
        opA,
      );
      expect(r).toMatchObject({ ok: true, value: true, oldValue: false });
      const again = await t.service.write(
        { tag: 'P-103.CMD', value: true, selectId: sel.selectId },
        opA,
      );
      expect(again).toMatchObject({ ok: false, sbo: 'NO_SELECT' });
      expect(t.portOf('P-103.CMD').writes).toHaveLength(1);
      expect(t.records().map((x) => `${x.action}:${x.outcome}`)).toEqual([
        'select:success',
        'write:success',
        'write:refused',
      ]);
    });

    it('refuses operate without select, with another value, or from another session', async () => {
      const t = ready();
      expect(await t.service.write({ tag: 'P-103.CMD', value: true }, opA)).toMatchObject({
        code: 'CONFLICT',
        sbo: 'NO_SELECT',
      });
      let sel = t.service.select({ tag: 'P-103.CMD', value: true }, opA);
      if (!sel.ok) throw new Error(sel.reason);
      expect(
        await t.service.write({ tag: 'P-103.CMD', value: true, selectId: sel.selectId }, opB),
      ).toMatchObject({ sbo: 'NO_SELECT' });
      expect(
        await t.service.write({ tag: 'P-103.CMD', value: false, selectId: sel.selectId }, opA),
      ).toMatchObject({ sbo: 'NO_SELECT' });
      sel = t.service.select({ tag: 'P-103.CMD', value: true }, opA);
      if (!sel.ok) throw new Error(sel.reason);
      expect(t.service.select({ tag: 'P-103.CMD', value: true }, opB)).toMatchObject({
        ok: false,
        sbo: 'SELECTED_BY_OTHER',
        reason: expect.stringMatching(/opA/),
      });
      expect(t.portOf('P-103.CMD').writes).toEqual([]);
    });

    it('answers TIMEOUT after 30 s, and a cancel releases the point', async () => {
      const t = ready();
      const sel = t.service.select({ tag: 'P-103.CMD', value: true }, opA);
      if (!sel.ok) throw new Error(sel.reason);
      t.clock.advance(30_000);
      t.set('P-103.CMD', false);
      expect(
        await t.service.write({ tag: 'P-103.CMD', value: true, selectId: sel.selectId }, opA),
      ).toMatchObject({ sbo: 'TIMEOUT' });
      t.service.select({ tag: 'P-103.CMD', value: true }, opA);
      expect(t.service.cancel('P-103.CMD', opB)).toMatchObject({ ok: false, sbo: 'NO_SELECT' });
      expect(t.service.cancel('P-103.CMD', opA)).toEqual({ ok: true, tag: 'P-103.CMD' });
      expect(t.service.select({ tag: 'P-103.CMD', value: true }, opB).ok).toBe(true);
      expect(t.service.releaseSession(opB.sessionRef)).toBe(1);
    });

    it('refuses a select of a point that needs none', () => {
      const t = ready();
      t.set('FIC-106.SP', 25);
      expect(t.service.select({ tag: 'FIC-106.SP', value: 26 }, opA)).toMatchObject({
        code: 'BAD_REQUEST',
        sbo: 'NOT_CRITICAL',
      });
    });
  });

  describe('command ids', () => {
    it('execute a command once; a retry returns the first result', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      const cmd = { tag: 'FIC-106.SP', value: 27, commandId: 'retry-0001' };
      const [a, b] = await Promise.all([t.service.write(cmd, opA), t.service.write(cmd, opA)]);
      const c = await t.service.write(cmd, opA);
      expect(a).toMatchObject({ ok: true, duplicate: false });
      expect(b).toMatchObject({ ok: true, duplicate: true, commandId: 'retry-0001' });
      expect(c).toMatchObject({ ok: true, duplicate: true });
      expect(t.portOf('FIC-106.SP').writes).toHaveLength(1);
      expect(t.records().map((r) => `${r.outcome}:${r.details?.duplicate ?? false}`)).toEqual([
        'success:false',
        'refused:true',
        'refused:true',
      ]);
    });

    it('refuse an id reused for another command or by another user', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      await t.service.write({ tag: 'FIC-106.SP', value: 27, commandId: 'retry-0002' }, opA);
      expect(
        await t.service.write({ tag: 'FIC-106.SP', value: 28, commandId: 'retry-0002' }, opA),
      ).toMatchObject({ code: 'CONFLICT' });
      expect(
        await t.service.write({ tag: 'FIC-106.SP', value: 27, commandId: 'retry-0002' }, opB),
      ).toMatchObject({ code: 'CONFLICT' });
      expect(t.portOf('FIC-106.SP').writes).toHaveLength(1);
    });
  });
});

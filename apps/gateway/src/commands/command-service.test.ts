import { buildPlant, type TagDef } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { opA, pilot, setup } from './command-service.fixture.js';

describe('the command service', () => {
  it('writes a setpoint, verifies it by read-back and audits old and new value', async () => {
    const t = setup();
    t.set('FIC-106.SP', 25);
    const r = await t.service.write(
      { tag: 'FIC-106.SP', value: 28, reason: 'more feed', commandId: 'cmd-00001' },
      opA,
    );
    expect(r).toEqual({
      ok: true,
      commandId: 'cmd-00001',
      tag: 'FIC-106.SP',
      requested: 28,
      value: 28,
      quality: 'Good',
      oldValue: 25,
      // Confirmed once the value has held for the default settle time.
      time: '2025-03-01T06:00:00.300Z',
      duplicate: false,
    });
    expect(t.portOf('FIC-106.SP').writes).toEqual([{ tag: 'FIC-106.SP', value: 28 }]);
    expect(t.records()).toMatchObject([
      {
        category: 'command',
        action: 'write',
        outcome: 'success',
        user: 'opA',
        source: '10.0.0.7',
        target: 'FIC-106.SP',
        oldValue: 25,
        newValue: 28,
        details: { commandId: 'cmd-00001', operatorReason: 'more feed', readBack: 28 },
      },
    ]);
    // Before sending, the attempt is on record.
    expect(t.allRecords().map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'write-send:pending',
      'write:success',
    ]);
  });

  it('does not send a command it cannot audit', async () => {
    const t = setup();
    t.set('FIC-106.SP', 25);
    t.audit.close();
    await expect(t.service.write({ tag: 'FIC-106.SP', value: 26 }, opA)).rejects.toThrow();
    expect(t.portOf('FIC-106.SP').writes).toEqual([]);
  });

  it('refuses, audits and never sends: not writable, limits, step, role', async () => {
    const t = setup();
    t.set('FIC-106.SP', 25);
    t.set('FT-001', 10);
    const cases = [
      [{ tag: 'FT-001', value: 5 }, opA, 'FORBIDDEN', /not writable/],
      [{ tag: 'XX-999', value: 5 }, opA, 'UNKNOWN_TAG', /unknown tag/],
      [{ tag: 'FIC-106.SP', value: 36 }, opA, 'BAD_REQUEST', /above the write limit 35/],
      [{ tag: 'FIC-106.SP', value: 14 }, opA, 'BAD_REQUEST', /below the write limit 15/],
      [{ tag: 'FIC-106.SP', value: 31 }, opA, 'BAD_REQUEST', /largest step 5/],
      [{ tag: 'FIC-106.SP', value: 27 }, { ...opA, role: 'viewer' }, 'FORBIDDEN', /operator/],
    ] as const;
    for (const [cmd, actor, code, reason] of cases) {
      const r = await t.service.write(cmd, actor);
      expect(r, JSON.stringify(cmd)).toMatchObject({
        ok: false,
        outcome: 'refused',
        code,
        reason: expect.stringMatching(reason),
      });
    }
    for (const p of t.ports.values()) expect(p.writes).toEqual([]);
    const recs = t.records();
    expect(recs).toHaveLength(cases.length);
    expect(recs.every((r) => r.outcome === 'refused' && r.reason)).toBe(true);
    expect(recs.map((r) => r.details?.code)).toEqual(cases.map((c) => c[2]));
  });

  it('refuses while the target is Bad or Stale, or its PLC is demoted', async () => {
    const t = setup();
    // Never read yet: Bad_WaitingForInitialData.
    expect(await t.service.write({ tag: 'FIC-106.SP', value: 25 }, opA)).toMatchObject({
      code: 'CONFLICT',
      reason: expect.stringMatching(/Bad_WaitingForInitialData/),
    });
    t.set('FIC-106.SP', 25);
    t.clock.advance(10_000);
    t.engine.checkStale(t.clock.now());
    expect(await t.service.write({ tag: 'FIC-106.SP', value: 26 }, opA)).toMatchObject({
      code: 'CONFLICT',
      reason: expect.stringMatching(/Bad_Stale/),
    });
    t.set('FIC-106.SP', 25);
    t.portOf('FIC-106.SP').demoted = true;
    expect(await t.service.write({ tag: 'FIC-106.SP', value: 26 }, opA)).toMatchObject({
      code: 'UNAVAILABLE',
      reason: expect.stringMatching(/PLC-100 is demoted/),
    });
    expect(t.portOf('FIC-106.SP').writes).toEqual([]);
    expect(t.records().map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
  });

  it('refuses an interlocked command with the interlock id and reason, even without a select', async () => {
    const t = setup();
    t.set('XV-901.CMD', false);
    t.set('LSH-902', false);
    const r = await t.service.write({ tag: 'XV-901.CMD', value: true }, opA);
    expect(r).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      interlock: 'IL-ZLD-OUTFALL',
      reason: 'Zero liquid discharge: XV-901 (outfall) cannot be opened from the HMI.',
    });
    expect(t.service.select({ tag: 'XV-901.CMD', value: true }, opA)).toMatchObject({
      ok: false,
      interlock: 'IL-ZLD-OUTFALL',
    });
    expect(t.portOf('XV-901.CMD').writes).toEqual([]);
    expect(t.records().map((r) => [r.action, r.outcome, r.details?.interlock])).toEqual([
      ['write', 'refused', 'IL-ZLD-OUTFALL'],
      ['select', 'refused', 'IL-ZLD-OUTFALL'],
    ]);
  });

  it("refuses a setpoint of a controller in cascade and an output outside manual, in the controller's words", async () => {
    const t = setup();
    t.set('FIC-405.SP', 45);
    t.set('FIC-405.OUT', 40);
    t.set('FIC-405.MODE', 2); // CAS
    const sp = await t.service.write({ tag: 'FIC-405.SP', value: 50 }, opA);
    expect(sp).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(sp.ok ? '' : sp.reason).toMatch(
      /FIC-405 is in cascade \(CAS\): its setpoint comes from LIC-402; switch it to AUTO/,
    );
    const out = await t.service.write({ tag: 'FIC-405.OUT', value: 45 }, opA);
    expect(out.ok ? '' : out.reason).toMatch(
      /FIC-405 is in CAS: its output can be set in MAN only/,
    );
    expect(t.portOf('FIC-405.SP').writes).toEqual([]);
    // In AUTO the setpoint goes through; in MAN the output does.
    t.set('FIC-405.MODE', 1);
    expect(await t.service.write({ tag: 'FIC-405.SP', value: 50 }, opA)).toMatchObject({
      ok: true,
    });
    t.set('FIC-405.MODE', 0);
    expect(await t.service.write({ tag: 'FIC-405.OUT', value: 45 }, opA)).toMatchObject({
      ok: true,
    });
    expect(t.records().map((r) => [r.target, r.outcome])).toEqual([
      ['FIC-405.SP', 'refused'],
      ['FIC-405.OUT', 'refused'],
      ['FIC-405.SP', 'success'],
      ['FIC-405.OUT', 'success'],
    ]);
  });

  it('checks interlocks at operate time, not only at select time', async () => {
    const t = setup();
    t.set('P-103.CMD', false);
    t.set('LT-105', 60);
    const sel = t.service.select({ tag: 'P-103.CMD', value: true }, opA);
    if (!sel.ok) throw new Error(sel.reason);
    t.set('LT-105', 96);
    const r = await t.service.write({ tag: 'P-103.CMD', value: true, selectId: sel.selectId }, opA);
    expect(r).toMatchObject({
      code: 'CONFLICT',
      interlock: 'IL-105-HH',
      reason: expect.stringMatching(/TK-105 is at HH/),
    });
    t.set('LT-105', null, 'Bad_CommunicationError');
    expect(t.service.select({ tag: 'P-103.CMD', value: true }, opA)).toMatchObject({
      interlock: 'IL-105-HH',
      reason: expect.stringMatching(/Bad quality/),
    });
    expect(t.portOf('P-103.CMD').writes).toEqual([]);
  });

  it('never opens a discharge path, even if the plant file lost its interlock', async () => {
    const file = pilot.file;
    const plant = buildPlant({
      ...file,
      interlocks: file.interlocks.filter((i) => !i.blocks.some((b) => b.tag === 'XV-901.CMD')),
    });
    const t = setup(plant);
    t.set('XV-901.CMD', false);
    const r = t.service.select({ tag: 'XV-901.CMD', value: true }, opA);
    expect(r).toMatchObject({ ok: false, code: 'CONFLICT', dischargePath: 'outfall' });
    const w = await t.service.write({ tag: 'XV-901.CMD', value: true }, opA);
    expect(w).toMatchObject({ ok: false, dischargePath: 'outfall' });
    // Closing it is fine.
    const close = t.service.select({ tag: 'XV-901.CMD', value: false }, opA);
    if (!close.ok) throw new Error(close.reason);
    expect(
      await t.service.write({ tag: 'XV-901.CMD', value: false, selectId: close.selectId }, opA),
    ).toMatchObject({ ok: true });
  });

  describe('read-back', () => {
    it('fails the command when the PLC does not take the value, and raises an alarm event', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      t.portOf('FIC-106.SP').apply = () => undefined;
      const r = await t.service.write(
        { tag: 'FIC-106.SP', value: 28, commandId: 'rb-000001' },
        opA,
      );
      expect(r).toMatchObject({
        ok: false,
        outcome: 'failure',
        code: 'PLC_ERROR',
        reason: expect.stringMatching(/mismatch.*wrote 28.*reads 25/),
      });
      expect(t.verified).toEqual([]);
      expect(t.failures).toEqual([
        expect.objectContaining({
          commandId: 'rb-000001',
          tag: 'FIC-106.SP',
          requested: 28,
          readBack: 25,
          kind: 'mismatch',
          user: 'opA',
        }),
      ]);
      expect(t.records()).toMatchObject([
        {
          outcome: 'failure',
          oldValue: 25,
          newValue: 28,
          details: { readBack: 25, code: 'PLC_ERROR' },
        },
      ]);
    });

    it('accepts a read-back within the tag tolerance and times out when the PLC is silent', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      t.portOf('FIC-106.SP').apply = (_tag, v) => (v as number) + 0.02; // tolerance 0.03
      expect(await t.service.write({ tag: 'FIC-106.SP', value: 28 }, opA)).toMatchObject({
        ok: true,
        value: 28.02,
      });
      expect(t.verified).toEqual(['FIC-106.SP']);
      t.portOf('FIC-106.SP').readMode = 'hang';
      expect(await t.service.write({ tag: 'FIC-106.SP', value: 30 }, opA)).toMatchObject({
        ok: false,
        code: 'PLC_TIMEOUT',
      });
      expect(t.failures.map((f) => f.kind)).toEqual(['timeout']);
      expect(t.verified).toEqual(['FIC-106.SP']);
    });

    it('reports a failed PLC write as 502 or 504 and audits it', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      const port = t.portOf('FIC-106.SP');
      port.writeError = Object.assign(new Error('Modbus exception 4: device failure'), {
        code: 'DEVICE',
      });
      expect(await t.service.write({ tag: 'FIC-106.SP', value: 26 }, opA)).toMatchObject({
        code: 'PLC_ERROR',
        outcome: 'failure',
      });
      port.writeError = Object.assign(new Error('Timed out'), { code: 'TIMEOUT' });
      expect(await t.service.write({ tag: 'FIC-106.SP', value: 26 }, opA)).toMatchObject({
        code: 'PLC_TIMEOUT',
      });
      expect(t.records().map((r) => r.outcome)).toEqual(['failure', 'failure']);
    });

    it('confirms a float32 write at what the PLC holds when the plant file gives no tolerance', async () => {
      const t = setup(withWrite('FIC-106.SP', { min: 15, max: 35, maxStep: 10, critical: false }));
      t.set('FIC-106.SP', 25);
      t.portOf('FIC-106.SP').apply = (_tag, v) => Math.fround(v as number);
      const r = await t.service.write({ tag: 'FIC-106.SP', value: 33.3 }, opA);
      expect(r).toMatchObject({ ok: true, requested: 33.3, value: Math.fround(33.3) });
      // A PLC that keeps another value is still refused: the tolerance is a few float32 steps.
      t.portOf('FIC-106.SP').apply = () => 33.31;
      expect(await t.service.write({ tag: 'FIC-106.SP', value: 33.3 }, opA)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/mismatch/),
      });
    });

    it('fails a write the PLC changes back within the settle time as not held: audited and alarmed', async () => {
      const t = setup();
      t.set('FIC-106.SP', 25);
      const port = t.portOf('FIC-106.SP');
      const read = port.read.bind(port);
      port.read = (tags) => {
        if (port.reads === 1) port.held.set('FIC-106.SP', 25); // the PLC's own logic takes over
        return read(tags);
      };
      const r = await t.service.write({ tag: 'FIC-106.SP', value: 28, commandId: 'nh-1' }, opA);
      expect(r).toMatchObject({
        ok: false,
        outcome: 'failure',
        code: 'PLC_ERROR',
        reason: expect.stringMatching(/not held: the PLC read 28, then 25 100 ms later/),
      });
      expect(t.failures).toEqual([
        expect.objectContaining({ tag: 'FIC-106.SP', readBack: 25, kind: 'not-held' }),
      ]);
      expect(t.records()).toMatchObject([
        { outcome: 'failure', details: { readBack: 25, readBackKind: 'not-held' } },
      ]);
    });

    it('takes the settle time from the tag, then its PLC', async () => {
      const t = setup(withWrite('FIC-106.SP', { min: 15, max: 35, critical: false, settleMs: 0 }));
      t.set('FIC-106.SP', 25);
      await t.service.write({ tag: 'FIC-106.SP', value: 28 }, opA);
      expect(t.portOf('FIC-106.SP').reads).toBe(1);
      const file = pilot.file;
      const slow = buildPlant({
        ...file,
        plcs: file.plcs.map((p) => (p.id === 'PLC-100' ? { ...p, writeSettleMs: 1000 } : p)),
      });
      const u = setup(slow);
      u.set('FIC-106.SP', 25);
      const t0 = u.clock.now();
      await u.service.write({ tag: 'FIC-106.SP', value: 28 }, opA);
      expect(u.clock.now() - t0).toBe(1000);
    });
  });
});

/** The pilot plant with another write spec for one tag. */
function withWrite(name: string, write: NonNullable<TagDef['write']>) {
  const file = pilot.file;
  return buildPlant({
    ...file,
    tags: file.tags.map((t) => (t.name === name ? { ...t, write } : t)),
  });
}

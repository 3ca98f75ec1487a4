import { ManualClock } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { manualSleep } from './manual-sleep.fixture.js';
import { verifyReadback, withinTolerance } from './readback.js';
import { RecordingPort } from './recording-port.fixture.js';

const options = { timeoutMs: 2000, intervalMs: 100 };

describe('read-back verification', () => {
  it('compares within the tolerance, booleans exactly', () => {
    expect(withinTolerance(28, 28.03, 0.03)).toBe(true);
    expect(withinTolerance(28, 28.04, 0.03)).toBe(false);
    expect(withinTolerance(true, true, 0)).toBe(true);
    expect(withinTolerance(true, false, 5)).toBe(false);
  });

  it('confirms at once when the PLC holds the value', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('FIC-106.SP', 28.01);
    const r = await verifyReadback(
      port,
      'FIC-106.SP',
      28,
      0.03,
      options,
      clock,
      manualSleep(clock),
    );
    expect(r).toEqual({ ok: true, value: 28.01, quality: 'Good' });
    expect(port.reads).toBe(1);
    expect(clock.now()).toBe(0);
  });

  it('keeps reading until a PLC applies the write on a later scan', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('P-103.CMD', false);
    const read = port.read.bind(port);
    port.read = (tags) => {
      if (port.reads === 3) port.held.set('P-103.CMD', true);
      return read(tags);
    };
    const r = await verifyReadback(port, 'P-103.CMD', true, 0, options, clock, manualSleep(clock));
    expect(r.ok).toBe(true);
    expect(port.reads).toBe(4);
    expect(clock.now()).toBe(300);
  });

  it('fails with the last value read when the PLC keeps another value', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('FIC-106.SP', 25);
    const r = await verifyReadback(
      port,
      'FIC-106.SP',
      28,
      0.03,
      options,
      clock,
      manualSleep(clock),
    );
    expect(r).toMatchObject({ ok: false, kind: 'mismatch', value: 25 });
    expect(clock.now()).toBe(2000);
    expect(port.reads).toBeGreaterThan(10);
  });

  it('times out when the PLC does not answer, and reports a failing read as an error', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.readMode = 'hang';
    const r = await verifyReadback(
      port,
      'FIC-106.SP',
      28,
      0.03,
      options,
      clock,
      manualSleep(clock),
    );
    expect(r).toMatchObject({ ok: false, kind: 'timeout', value: null });
    port.readMode = 'fail';
    const e = await verifyReadback(
      port,
      'FIC-106.SP',
      28,
      0.03,
      options,
      clock,
      manualSleep(clock),
    );
    expect(e).toMatchObject({
      ok: false,
      kind: 'error',
      message: expect.stringMatching(/socket closed/),
    });
  });

  it('does not confirm from a Bad read', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('FIC-106.SP', 28);
    port.readQuality = 'Bad_DeviceFailure';
    const r = await verifyReadback(
      port,
      'FIC-106.SP',
      28,
      0.03,
      options,
      clock,
      manualSleep(clock),
    );
    expect(r).toMatchObject({ ok: false, kind: 'timeout', quality: 'Bad_DeviceFailure' });
  });
});

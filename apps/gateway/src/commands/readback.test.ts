import { ManualClock } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { manualSleep } from './manual-sleep.fixture.js';
import { settleMsOf, verifyReadback, withinTolerance } from './readback.js';
import { RecordingPort } from './recording-port.fixture.js';

const options = { timeoutMs: 2000, intervalMs: 100, settleMs: 0 };
const settled = { ...options, settleMs: 300 };

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

  it('confirms only once the value has held for the settle time', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('P-103.CMD', true);
    const r = await verifyReadback(port, 'P-103.CMD', true, 0, settled, clock, manualSleep(clock));
    expect(r).toEqual({ ok: true, value: true, quality: 'Good' });
    // Read at 0, 100, 200 and 300 ms: the last at the end of the settle time.
    expect(port.reads).toBe(4);
    expect(clock.now()).toBe(300);
  });

  it('reports a value the PLC changes back within the settle time as not held, at once', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('P-103.CMD', true);
    const read = port.read.bind(port);
    port.read = (tags) => {
      // The PLC's own logic overwrites the coil between the first and the second read.
      if (port.reads === 1) port.held.set('P-103.CMD', false);
      return read(tags);
    };
    const r = await verifyReadback(port, 'P-103.CMD', true, 0, settled, clock, manualSleep(clock));
    expect(r).toEqual({
      ok: false,
      kind: 'not-held',
      value: false,
      quality: 'Good',
      message:
        'read-back of P-103.CMD not held: the PLC read true, then false 100 ms later (settle time 300 ms)',
    });
    expect(clock.now()).toBe(100);
  });

  it('waits for a late write within the timeout, then watches it for the settle time', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('FIC-106.SP', 25);
    const read = port.read.bind(port);
    port.read = (tags) => {
      if (clock.now() >= 1850) port.held.set('FIC-106.SP', 28);
      return read(tags);
    };
    const r = await verifyReadback(port, 'FIC-106.SP', 28, 0, settled, clock, manualSleep(clock));
    // First seen at 1900 ms, near the end of the timeout; confirmed 300 ms later: the settle extends it.
    expect(r).toMatchObject({ ok: true, value: 28 });
    expect(clock.now()).toBe(2200);
  });

  it('neither confirms nor breaks the hold on a Bad answer within the settle time', async () => {
    const clock = new ManualClock(0);
    const port = new RecordingPort();
    port.held.set('FIC-106.SP', 28);
    const read = port.read.bind(port);
    port.read = (tags) => {
      port.readQuality = port.reads >= 1 ? 'Bad_CommunicationError' : 'Good';
      return read(tags);
    };
    const r = await verifyReadback(port, 'FIC-106.SP', 28, 0, settled, clock, manualSleep(clock));
    expect(r).toMatchObject({
      ok: false,
      kind: 'timeout',
      message: expect.stringMatching(/read 28, then no usable answer .*settle time \(300 ms\)/),
    });
    // Bounded: the timeout plus the settle time.
    expect(clock.now()).toBe(2300);
  });

  it('takes the settle time from the tag, else its PLC, else the default', () => {
    expect(
      settleMsOf({ write: { critical: false, settleMs: 50 } }, { writeSettleMs: 900 }, 300),
    ).toBe(50);
    expect(settleMsOf({ write: { critical: false } }, { writeSettleMs: 900 }, 300)).toBe(900);
    expect(settleMsOf({ write: undefined }, undefined, 300)).toBe(300);
    expect(settleMsOf({ write: { critical: false, settleMs: 0 } }, undefined, 300)).toBe(0);
  });
});

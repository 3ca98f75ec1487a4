import { describe, expect, it } from 'vitest';
import { HashGate, HashGateBusyError } from './hash-gate.js';

/** A check that ends when the test says so. */
function held() {
  let end!: () => void;
  const done = new Promise<void>((resolve) => (end = resolve));
  return { check: () => done.then(() => 'checked'), end };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the hash gate', () => {
  it('runs one ordinary check at a time, queues 3, refuses the rest at once', async () => {
    const gate = new HashGate();
    const checks = Array.from({ length: 6 }, held);
    const runs = checks.map((c) => gate.run(c.check).catch((e: unknown) => e));
    await tick();
    expect(gate.load()).toEqual({ running: 1, waiting: 3 });
    expect(await runs[4]).toBeInstanceOf(HashGateBusyError);
    expect(await runs[5]).toBeInstanceOf(HashGateBusyError);
    for (const c of checks) c.end();
    expect(await Promise.all(runs.slice(0, 4))).toEqual(Array(4).fill('checked'));
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps a place for priority checks, and lets them go ahead of waiting strangers', async () => {
    const gate = new HashGate();
    const strangers = Array.from({ length: 4 }, held);
    const order: string[] = [];
    const runs = strangers.map((c, i) => gate.run(c.check).then(() => order.push(`stranger ${i}`)));
    const owner = held();
    const ownerRun = gate.run(owner.check, true).then(() => order.push('owner'));
    await tick();
    // The owner runs at once, beside the first stranger.
    expect(gate.load()).toEqual({ running: 2, waiting: 3 });
    owner.end();
    await ownerRun;
    expect(order).toEqual(['owner']);
    // Two priority checks now: one takes the reserved place, the next one goes first when a place frees.
    const more = [held(), held()];
    const moreRuns = more.map((c, i) => gate.run(c.check, true).then(() => order.push(`p${i}`)));
    await tick();
    expect(gate.load()).toEqual({ running: 2, waiting: 4 });
    strangers[0]!.end();
    await runs[0];
    await tick();
    expect(gate.load()).toEqual({ running: 2, waiting: 3 });
    for (const c of [...more, ...strangers]) c.end();
    await Promise.all([...runs, ...moreRuns]);
    expect(order.slice(0, 2)).toEqual(['owner', 'stranger 0']);
  });

  it('refuses a policy without a place for ordinary checks', () => {
    expect(() => new HashGate({ concurrency: 1, reserved: 1 })).toThrow(/reserved < concurrency/);
  });
});

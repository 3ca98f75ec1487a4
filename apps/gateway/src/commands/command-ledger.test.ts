import { describe, expect, it } from 'vitest';
import { CommandLedger } from './command-ledger.js';

describe('the command ledger', () => {
  it('executes an id once; a retry gets the first result', async () => {
    const ledger = new CommandLedger<number>();
    let runs = 0;
    const exec = async () => ++runs;
    const a = ledger.run('cmd-1', 'shift-a/P-103.CMD/true', 0, exec);
    const b = ledger.run('cmd-1', 'shift-a/P-103.CMD/true', 1, exec);
    expect(a.kind).toBe('first');
    expect(b.kind).toBe('duplicate');
    if (a.kind === 'conflict' || b.kind === 'conflict') throw new Error('unexpected');
    expect(await a.result).toBe(1);
    expect(await b.result).toBe(1);
    expect(runs).toBe(1);
  });

  it('treats an id reused for another command or by another user as a conflict', () => {
    const ledger = new CommandLedger<number>();
    ledger.run('cmd-1', 'shift-a/P-103.CMD/true', 0, async () => 1);
    expect(ledger.run('cmd-1', 'shift-a/P-103.CMD/false', 1, async () => 2).kind).toBe('conflict');
    expect(ledger.run('cmd-1', 'shift-b/P-103.CMD/true', 1, async () => 2).kind).toBe('conflict');
  });

  it('stays bounded and forgets ids after their time to live', () => {
    const ledger = new CommandLedger<number>({ maxEntries: 10, ttlMs: 1000 });
    for (let i = 0; i < 50; i++) ledger.run(`c${i}`, 'f', i, async () => i);
    expect(ledger.size).toBeLessThanOrEqual(10);
    expect(ledger.run('c49', 'f', 100, async () => -1).kind).toBe('duplicate');
    expect(ledger.run('c49', 'f', 1049, async () => -1).kind).toBe('first');
  });
});

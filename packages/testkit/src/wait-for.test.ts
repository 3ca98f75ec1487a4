import { describe, expect, it } from 'vitest';
import { check, waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy answer of the probe', async () => {
    let n = 0;
    const v = await waitFor(() => (++n >= 3 ? { n } : false), {
      timeoutMs: 2000,
      intervalMs: 5,
      what: 'three probes',
    });
    expect(v).toEqual({ n: 3 });
  });

  it('awaits async probes', async () => {
    expect(await waitFor(async () => 'yes', { timeoutMs: 100, what: 'an answer' })).toBe('yes');
  });

  it('names what was awaited and the last reason when it times out', async () => {
    await expect(
      waitFor(() => check(false, () => 'level at 12 %'), {
        timeoutMs: 50,
        intervalMs: 5,
        what: 'the tank to fill',
      }),
    ).rejects.toThrow('timed out after 50 ms waiting for the tank to fill: level at 12 %');
  });
});

describe('check', () => {
  it('is true when the condition holds, and throws the detail otherwise', () => {
    expect(check(true, () => 'unused')).toBe(true);
    expect(() => check(false, () => 'why not')).toThrow('why not');
  });
});

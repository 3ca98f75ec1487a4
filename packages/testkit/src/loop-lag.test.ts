import { describe, expect, it } from 'vitest';
import { startLoopLag } from './loop-lag.js';

describe('startLoopLag', () => {
  it('sees the event loop blocked', async () => {
    const lag = startLoopLag();
    try {
      await new Promise((r) => setTimeout(r, 30));
      const until = Date.now() + 120;
      while (Date.now() < until) {
        // block the loop
      }
      await new Promise((r) => setTimeout(r, 30));
      expect(lag.maxMs()).toBeGreaterThanOrEqual(80);
    } finally {
      lag.stop();
    }
  });
});

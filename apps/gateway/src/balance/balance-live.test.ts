import type { WaterBalanceResult } from '@zld/water-balance';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../alarming/alarm-http.fixture.js';

let t: TestApp;
let url: string;
let socket: Socket | undefined;
beforeEach(async () => {
  t = await testApp({ timers: true });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  socket?.close();
  await t.close();
});

describe('the water-balance socket.io event', () => {
  it('sends the latest balance on connect, then a new one at least once a second', async () => {
    t.pushAll({ 'FT-001': 0.5, 'FT-704': 4, 'LIC-402': 50 });
    await t.settle();
    t.balance.tick();
    socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: t.token('viewer') },
    });
    const arrivals: { at: number; balance: WaterBalanceResult }[] = [];
    socket.on('water-balance', (balance: WaterBalanceResult) =>
      arrivals.push({ at: Date.now(), balance }),
    );
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    await new Promise((r) => setTimeout(r, 2600));
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i]!.at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
    const last = arrivals.at(-1)!.balance;
    expect(last.windows.map((w) => w.id)).toEqual(['5m', '1h', '24h']);
    const rest = await t.call('viewer', 'GET', '/api/water-balance');
    expect(Object.keys(rest.json<WaterBalanceResult>())).toEqual(Object.keys(last));
  });
});

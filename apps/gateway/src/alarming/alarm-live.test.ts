import type { PublicAlarm } from '@zld/alarms';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './alarm-http.fixture.js';

let t: TestApp;
let url: string;
const sockets: Socket[] = [];
beforeEach(async () => {
  t = await testApp();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t.close();
});

/** A client that keeps every `alarms` event and an alarm list built from them the way an HMI would. */
function client() {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token: t.token('viewer') },
  });
  sockets.push(socket);
  const events: PublicAlarm[][] = [];
  const list = new Map<string, PublicAlarm>();
  socket.on('alarms', (alarms: PublicAlarm[]) => {
    if (events.length === 0) list.clear(); // the first event after connecting is the whole state
    events.push(alarms);
    for (const a of alarms) {
      if (a.state === 'Normal') list.delete(a.id);
      else list.set(a.id, a);
    }
  });
  const next = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no alarms event #${n}`)), 5000);
      const check = () => {
        if (events.length >= n) {
          clearTimeout(timer);
          socket.off('alarms', check);
          resolve();
        }
      };
      socket.on('alarms', check);
      check();
    });
  return { socket, events, list, next };
}

const sorted = (alarms: Iterable<PublicAlarm>) =>
  [...alarms].sort((a, b) => a.id.localeCompare(b.id));

describe('the alarms socket.io event', () => {
  it('sends the whole alarm list first, then every change', async () => {
    t.push('LIC-402', 95);
    await t.settle();
    t.clock.advance(6000);
    t.alarms.tick();
    const c = client();
    await c.next(1);
    expect(sorted(c.events[0]!)).toEqual(sorted(t.alarms.list()));

    t.alarms.ack('LIC-402.HH', { user: 'op1' });
    await c.next(2);
    expect(c.events[1]!.map((a) => [a.id, a.state])).toEqual([['LIC-402.HH', 'Ack-Active']]);
  });

  it('an empty list is still sent on connect, so the client knows it is in step', async () => {
    const c = client();
    await c.next(1);
    expect(c.events[0]).toEqual([]);
  });

  it('resynchronises after a dropped connection: the list equals GET /api/alarms (ConditionRefresh)', async () => {
    t.push('LIC-402', 95);
    await t.settle();
    t.clock.advance(6000);
    t.alarms.tick();
    const first = client();
    await first.next(1);
    first.socket.close();

    // While the client is away: an ack, a shelve, and LIC-402 down to 88 % (HH and the overflow
    // risk clear, H stays active).
    t.alarms.ack('LIC-402.H', { user: 'op1' });
    t.alarms.shelve('ZLD-TANK-OVERFLOW', { user: 'op1' }, { minutes: 10, reason: 'known' });
    t.push('LIC-402', 88);
    await t.settle();
    t.clock.advance(120_000);
    t.alarms.tick();
    expect(sorted(first.list.values())).not.toEqual(sorted(t.alarms.list()));

    const again = client();
    await again.next(1);
    const rest = (await t.call('viewer', 'GET', '/api/alarms')).json<PublicAlarm[]>();
    expect(sorted(again.list.values())).toEqual(sorted(rest));
    expect(rest.map((a) => [a.id, a.state])).toEqual([
      ['LIC-402.H', 'Ack-Active'],
      ['LIC-402.HH', 'RTN-Unack'],
      ['ZLD-TANK-OVERFLOW', 'Shelved'],
    ]);

    // Changes after the refresh keep the client's list in step.
    t.alarms.ack('LIC-402.HH', { user: 'op1' });
    await again.next(2);
    const now = (await t.call('viewer', 'GET', '/api/alarms')).json<PublicAlarm[]>();
    expect(sorted(again.list.values())).toEqual(sorted(now));
  });

  it('refuses a client without a session', async () => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(err.message).toMatch(/authentication required/);
  });
});

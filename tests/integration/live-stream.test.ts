// The live stream over a real socket.io connection: snapshot first, then paced batches; the same authorizer.
import { SOCKET_EVENTS, type TagValueDto } from '@zld/api';
import {
  buildApp,
  createRuntime,
  startGateway,
  wallTimebase,
  type Authorizer,
  type RunningGateway,
} from '@zld/gateway';
import { loadPlant, type SampleSink } from '@zld/protocols';
import { TagEngine } from '@zld/tags';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectLive, type LiveClient } from '../helpers/live-client.js';
import { waitFor } from '@zld/testkit';

const plant = loadPlant();

/** A gateway whose only "driver" is the test, pushing samples into the runtime's sink. */
async function gatewayWithSink(authorizer?: Authorizer) {
  let sink: SampleSink | undefined;
  const runtime = createRuntime({
    plant,
    engine: new TagEngine(plant, { startTs: Date.now() }),
    timebase: wallTimebase(),
    drivers: (wiring) => {
      sink = wiring.sink;
      return [];
    },
  });
  const app = buildApp({ runtime, ...(authorizer ? { authorizer } : {}) });
  const gateway = await startGateway({ runtime, app, listen: { host: '127.0.0.1', port: 0 } });
  return { gateway, url: gateway.address!, sink: sink! };
}

describe('the live stream (socket.io)', () => {
  let app: RunningGateway | undefined;
  let client: LiveClient | undefined;
  afterEach(async () => {
    client?.close();
    await app?.stop();
    app = undefined;
    client = undefined;
  });

  it('sends a full snapshot on connect, then changes', async () => {
    const gw = await gatewayWithSink();
    app = gw.gateway;
    client = await connectLive(gw.url);
    const snapshot = client.batches[0]!.values;
    expect(snapshot.map((v) => v.name)).toEqual(plant.tags.map((t) => t.name));
    expect(
      snapshot.every((v) => v.quality === 'Bad_WaitingForInitialData' && v.value === null),
    ).toBe(true);
    const next = client.next((v) => v.name === 'FT-004' && v.value === 2.5, 2000);
    gw.sink('FT-004', 2.5, 'Good', Date.UTC(2025, 0, 1));
    const got = await next;
    expect(got.value).toEqual({
      name: 'FT-004',
      value: 2.5,
      quality: 'Good',
      ts: '2025-01-01T00:00:00.000Z',
    } satisfies TagValueDto);
  });

  it('sends at most 10 batches a second, each tag at most once per batch, the latest value last', async () => {
    const gw = await gatewayWithSink();
    app = gw.gateway;
    client = await connectLive(gw.url);
    const start = Date.now();
    let k = 0;
    // 2 s of a 1 kHz "driver": every sample changes FT-004, and one of three other tags.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (let j = 0; j < 5; j++, k++) {
          gw.sink('FT-004', k, 'Good', undefined);
          gw.sink(['LT-002', 'FT-001', 'FT-002'][k % 3]!, k, 'Good', undefined);
        }
        if (Date.now() - start >= 2000) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const last = k - 1;
    await waitFor(() => client!.latest.get('FT-004')?.value === last, {
      timeoutMs: 2000,
      what: 'the last FT-004 value',
    });
    const batches = client.batches.slice(1);
    const span = (batches.at(-1)!.at - batches[0]!.at) / 1000;
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(span * 10) + 2);
    expect(batches.length).toBeGreaterThan(5);
    for (const b of batches) {
      const names = b.values.map((v) => v.name);
      expect(new Set(names).size).toBe(names.length);
    }
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^zld_socket_clients 1$/m);
    expect(Number(/^zld_live_coalesced_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(100);
  });

  it('asks the authorizer for viewer access on the handshake, and refuses when it says no', async () => {
    const asked: { access: string; authorization: unknown }[] = [];
    const gw = await gatewayWithSink((subject, access) => {
      asked.push({ access, authorization: subject.headers.authorization });
      return subject.headers.authorization === 'Bearer good'
        ? { allow: true, user: { username: 'op1', role: 'operator' } }
        : { allow: false, status: 401, message: 'log in first' };
    });
    app = gw.gateway;
    const refused = io(gw.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    refused.close();
    expect(err.message).toBe('log in first');
    // A token passed as `auth: { token }` reaches the authorizer as a bearer header.
    const allowed = io(gw.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: 'good' },
    });
    const snapshot = await new Promise<TagValueDto[]>((resolve) =>
      allowed.once(SOCKET_EVENTS.tags, resolve),
    );
    allowed.close();
    expect(snapshot).toHaveLength(plant.tags.length);
    expect(asked).toEqual([
      { access: 'viewer', authorization: undefined },
      { access: 'viewer', authorization: 'Bearer good' },
    ]);
  });

  it('disconnects clients when the gateway closes', async () => {
    const gw = await gatewayWithSink();
    app = gw.gateway;
    client = await connectLive(gw.url);
    const disconnected = new Promise<string>((resolve) =>
      client!.socket.once('disconnect', resolve),
    );
    await gw.gateway.stop();
    app = undefined;
    expect(await disconnected).toMatch(/disconnect|close/);
  });
});

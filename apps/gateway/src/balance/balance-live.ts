// The `water-balance` socket.io event: the latest balance to each client as it connects, then every result to all.
import { SOCKET_EVENTS } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveServer, LiveSocket } from '../live/live-plugin.js';
import type { BalanceService } from './balance-service.js';

export interface BalanceLiveOptions {
  service: BalanceService;
}

/** The service computes at least once a second, and every result is broadcast as it comes. */
async function registerBalanceLive(app: FastifyInstance, opts: BalanceLiveOptions): Promise<void> {
  const { service } = opts;
  const io: LiveServer = app.live.io;
  const onConnection = (socket: LiveSocket) => {
    const latest = service.current();
    if (latest !== null) socket.emit(SOCKET_EVENTS.waterBalance, latest);
  };
  io.on('connection', onConnection);
  const stop = service.onResult((result) => io.emit(SOCKET_EVENTS.waterBalance, result));
  app.addHook('preClose', async () => {
    stop();
    io.off('connection', onConnection);
  });
}

export const balanceLive = fp(registerBalanceLive, {
  name: 'zld-balance-live',
  fastify: '5.x',
  dependencies: ['zld-live'],
});

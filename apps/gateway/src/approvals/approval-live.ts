// The `approvals` socket.io event: the list to each client as it connects, then every change to all clients.
import { SOCKET_EVENTS } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveServer, LiveSocket } from '../live/live-plugin.js';
import type { ApprovalService } from './approval-service.js';

export interface ApprovalLiveOptions {
  service: ApprovalService;
}

/** Other HMIs see a request at once: the snapshot in the connection handler, then each change. */
async function registerApprovalLive(
  app: FastifyInstance,
  opts: ApprovalLiveOptions,
): Promise<void> {
  const { service } = opts;
  const io: LiveServer = app.live.io;
  const onConnection = (socket: LiveSocket) => {
    socket.emit(SOCKET_EVENTS.approvals, service.list());
  };
  io.on('connection', onConnection);
  const stop = service.onChange((changed) => io.emit(SOCKET_EVENTS.approvals, [...changed]));
  app.addHook('preClose', async () => {
    stop();
    io.off('connection', onConnection);
  });
}

export const approvalLive = fp(registerApprovalLive, {
  name: 'zld-approvals-live',
  fastify: '5.x',
  dependencies: ['zld-live'],
});

// The `alarms` socket.io event: the full alarm list to each client as it connects, then every change to all clients.
import { SOCKET_EVENTS } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveServer, LiveSocket } from '../live/live-plugin.js';
import type { AlarmService } from './alarm-service.js';

export interface AlarmLiveOptions {
  service: AlarmService;
}

/**
 * Like OPC UA ConditionRefresh: a client that (re)connects first receives `alarms` with every alarm not in
 * Normal state (an empty array when there is none), and only then the changes. The snapshot is sent in the
 * connection handler, in the same turn of the event loop that adds the socket to the broadcast, so no
 * change can slip between the two. A change carries the alarms it touched, including those that returned
 * to Normal (the client drops them from its list).
 */
async function registerAlarmLive(app: FastifyInstance, opts: AlarmLiveOptions): Promise<void> {
  const { service } = opts;
  const io: LiveServer = app.live.io;
  const onConnection = (socket: LiveSocket) => {
    socket.emit(SOCKET_EVENTS.alarms, service.list());
  };
  io.on('connection', onConnection);
  const stop = service.onChange((changed) => {
    if (changed.length > 0) io.emit(SOCKET_EVENTS.alarms, [...changed]);
  });
  app.addHook('preClose', async () => {
    stop();
    io.off('connection', onConnection);
  });
}

export const alarmLive = fp(registerAlarmLive, {
  name: 'zld-alarms-live',
  fastify: '5.x',
  dependencies: ['zld-live'],
});

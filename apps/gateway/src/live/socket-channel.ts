// A socket.io socket as a LiveChannel: busy while engine.io still holds or is writing the last packets.
import { SOCKET_EVENTS, type TagValueDto } from '@zld/api';
import type { Socket } from 'socket.io';
import type { LiveChannel } from './live-hub.js';

/**
 * engine.io keeps packets in `writeBuffer` until its transport is writable; a WebSocket transport is
 * not writable from a send until the data reached the operating system (the ws send callback), and a
 * long-polling one until the client's next poll. Either way, `busy()` is true until the previous batch
 * left the process, which is what bounds the gateway's memory for a slow client.
 */
export function socketChannel(socket: Socket): LiveChannel {
  return {
    busy() {
      const conn = socket.conn as unknown as {
        writeBuffer: readonly unknown[];
        transport: { writable: boolean };
      };
      return conn.writeBuffer.length > 0 || !conn.transport.writable;
    },
    send(batch: TagValueDto[]) {
      socket.emit(SOCKET_EVENTS.tags, batch);
    },
  };
}

// The socket.io events the gateway emits, each payload checked against its schema before the HMI uses it.
import {
  SOCKET_EVENT_SCHEMAS,
  isWire,
  wireError,
  type ReceivedEvents,
  type SocketEventName,
  type SocketPayloads,
} from '@zld/api';
import type { Socket } from 'socket.io-client';

export type LiveSocket = Socket<ReceivedEvents, Record<string, never>>;

/**
 * Calls `handler` with each `event` payload that has its schema's shape, in order of arrival; a malformed
 * one is not applied, and goes to `onMalformed` with what differs (logged too) once that is worked out.
 */
export function onEvent<E extends SocketEventName>(
  socket: LiveSocket,
  event: E,
  handler: (payload: SocketPayloads[E]) => void,
  onMalformed: (message: string) => void,
): void {
  const schema = SOCKET_EVENT_SCHEMAS[event];
  const listener = (payload: unknown) => {
    if (isWire(schema, payload)) {
      handler(payload as SocketPayloads[E]);
      return;
    }
    void wireError(schema, payload, `the ${event} event`).then((err) => {
      console.error(err.message);
      onMalformed(err.message);
    });
  };
  socket.on(event as SocketEventName, listener);
}

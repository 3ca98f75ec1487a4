// socket.io event names and payloads (same origin as the gateway): one definition for gateway and HMI.
import type { TagValueDto } from './tag-dto.js';

export const SOCKET_EVENTS = {
  /** Batches of tag values; the first one after connecting is the full snapshot. */
  tags: 'tags',
  /** Alarm objects as in `GET /api/alarms`, on every state change (a snapshot on connect). */
  alarms: 'alarms',
  /** The object of `GET /api/water-balance`, at least once a second. */
  waterBalance: 'water-balance',
} as const;

export type SocketEventName = (typeof SOCKET_EVENTS)[keyof typeof SOCKET_EVENTS];

/**
 * Events the gateway emits (for `Server<ClientToServerEvents, ServerToClientEvents>` and
 * `Socket<ServerToClientEvents, ClientToServerEvents>`). The alarm and balance payloads are typed by the
 * work that builds those streams; until then they are `unknown`.
 */
export interface ServerToClientEvents {
  tags: (batch: TagValueDto[]) => void;
  alarms: (alarms: unknown[]) => void;
  'water-balance': (balance: unknown) => void;
}

/** The HMI sends nothing over socket.io: commands go through the REST API (one command path). */
export type ClientToServerEvents = Record<string, never>;

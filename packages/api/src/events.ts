// socket.io event names and payload schemas (same origin as the gateway): one definition for gateway and HMI.
import { type Static } from '@sinclair/typebox';
import { Type } from './schemas/type.js';
import { AlarmSchema } from './schemas/alarm-schemas.js';
import { ApprovalSchema } from './schemas/approval-schemas.js';
import { WaterBalanceSchema } from './schemas/balance-schemas.js';
import { TagValueSchema } from './schemas/tag-schemas.js';

export const SOCKET_EVENTS = {
  /** Batches of tag values; the first one after connecting is the full snapshot. */
  tags: 'tags',
  /** Alarm objects as in `GET /api/alarms`, on every state change (a snapshot on connect). */
  alarms: 'alarms',
  /** The object of `GET /api/water-balance`, at least once a second. */
  waterBalance: 'water-balance',
  /** Two-person approvals as in `GET /api/approvals`: that list on connect, then each change. */
  approvals: 'approvals',
} as const;

export type SocketEventName = (typeof SOCKET_EVENTS)[keyof typeof SOCKET_EVENTS];

/** The payload schema of each event the gateway emits. */
export const SOCKET_EVENT_SCHEMAS = {
  tags: Type.Array(TagValueSchema),
  alarms: Type.Array(AlarmSchema),
  'water-balance': WaterBalanceSchema,
  approvals: Type.Array(ApprovalSchema),
} as const satisfies Record<SocketEventName, unknown>;

/** The payload type of each event, from its schema. */
export type SocketPayloads = {
  [K in SocketEventName]: Static<(typeof SOCKET_EVENT_SCHEMAS)[K]>;
};

/** Events the gateway emits (for `Server<ClientToServerEvents, ServerToClientEvents>`), typed by their schemas. */
export interface ServerToClientEvents {
  tags: (batch: SocketPayloads['tags']) => void;
  alarms: (alarms: SocketPayloads['alarms']) => void;
  'water-balance': (balance: SocketPayloads['water-balance']) => void;
  approvals: (approvals: SocketPayloads['approvals']) => void;
}

/** Events as a client receives them, before checking each payload against `SOCKET_EVENT_SCHEMAS`. */
export type ReceivedEvents = { [K in SocketEventName]: (payload: unknown) => void };

/** The HMI sends nothing over socket.io: commands go through the REST API (one command path). */
export type ClientToServerEvents = Record<string, never>;

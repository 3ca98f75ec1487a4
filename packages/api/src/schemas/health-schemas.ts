// The answer of `GET /healthz`: liveness, each PLC's link state and (when there is one) the historian's.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { Named } from './component.js';
import { IsoDateTime, JsonTypes, StringEnum, Strict } from './json-types.js';

const nullableString = () => JsonTypes(['string', 'null']);

export const PlcHealthSchema = Strict({
  id: Type.String(),
  protocol: Type.String(),
  connected: Type.Boolean(),
  /** Auto-demoted after consecutive timeouts: no polls until `demotedUntil` (ISO-8601 UTC). */
  demoted: Type.Boolean(),
  demotedUntil: nullableString(),
  lastError: nullableString(),
  consecutiveTimeouts: Type.Integer(),
});
export type PlcHealthDto = Static<typeof PlcHealthSchema>;

export const HistorianHealthSchema = Strict({
  backend: Type.String(),
  connected: Type.Boolean(),
  lastError: nullableString(),
  /** Samples waiting in the store-and-forward buffer. */
  backlog: Type.Integer(),
});
export type HistorianHealthDto = Static<typeof HistorianHealthSchema>;

/** `wall`: the gateway's own clock; `plc`: it follows the plant time the PLCs publish. */
export const ClockModeSchema = StringEnum(['wall', 'plc']);
export type ClockMode = Static<typeof ClockModeSchema>;

export const HealthSchema = Named(
  'Health',
  Strict({
    /** `ok` when every PLC is connected and not demoted (and the historian is connected), else `degraded`. */
    status: StringEnum(['ok', 'degraded']),
    /** The gateway's clock (plant time when it follows the PLCs), ISO-8601 UTC. */
    time: IsoDateTime(),
    clock: ClockModeSchema,
    uptimeS: Type.Number(),
    plcs: Type.Array(PlcHealthSchema),
    historian: Type.Union([Type.Null(), HistorianHealthSchema]),
  }),
);
export type HealthDto = Static<typeof HealthSchema>;

/** What an anonymous caller (a load balancer) gets of `GET /healthz`: the details need a viewer's session. */
export const HealthSummarySchema = Named(
  'HealthSummary',
  Strict({
    status: StringEnum(['ok', 'degraded']),
    time: IsoDateTime(),
  }),
);
export type HealthSummaryDto = Static<typeof HealthSummarySchema>;

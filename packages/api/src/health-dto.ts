// The answer of `GET /healthz`: liveness, each PLC's link state and (when there is one) the historian's.

export interface PlcHealthDto {
  id: string;
  protocol: string;
  connected: boolean;
  /** Auto-demoted after consecutive timeouts: no polls until `demotedUntil` (ISO-8601 UTC). */
  demoted: boolean;
  demotedUntil: string | null;
  lastError: string | null;
  consecutiveTimeouts: number;
}

export interface HistorianHealthDto {
  backend: string;
  connected: boolean;
  lastError: string | null;
  /** Samples waiting in the store-and-forward buffer. */
  backlog: number;
}

export interface HealthDto {
  /** `ok` when every PLC is connected and not demoted (and the historian is connected), else `degraded`. */
  status: 'ok' | 'degraded';
  /** The gateway's clock (plant time when it follows the PLCs), ISO-8601 UTC. */
  time: string;
  clock: ClockMode;
  uptimeS: number;
  plcs: PlcHealthDto[];
  historian: HistorianHealthDto | null;
}

/** `wall`: the gateway's own clock; `plc`: it follows the plant time the PLCs publish. */
export type ClockMode = 'wall' | 'plc';

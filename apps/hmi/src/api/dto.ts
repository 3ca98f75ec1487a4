// DTOs the HMI reads that @zld/api does not define yet (alarms, journal, history, balance), mirroring the shapes
// the gateway's packages produce (every field the HMI can live without is optional); sessions, commands and audit
// records come from @zld/api itself.
import type { TagValueDto } from '@zld/api';
import type { AlarmType, Priority } from '@zld/plant';

export type {
  AuditRecordDto,
  CommandRefusalDto,
  LoginDto,
  SelectResultDto,
  SessionDto,
  SessionUserDto,
  WriteRequestDto,
  WriteResultDto,
} from '@zld/api';

export type Quality = TagValueDto['quality'];
export type { Priority, AlarmType };

/** The ISA-18.2 alarm states (derived by the alarm engine from independent flags). */
export type AlarmStateName =
  | 'Normal'
  | 'Unack-Active'
  | 'Ack-Active'
  | 'RTN-Unack'
  | 'Shelved'
  | 'Suppressed'
  | 'Out-of-service';

export type Shelving = 'Unshelved' | 'TimedShelved' | 'OneShotShelved';

/** An element of `GET /api/alarms` and of the `alarms` socket event (alarm engine's public alarm). */
export interface AlarmDto {
  id: string;
  tag: string;
  type?: AlarmType;
  message: string;
  priority: Priority;
  severity?: number;
  state: AlarmStateName;
  active: boolean;
  acked: boolean;
  shelving?: Shelving;
  suppressed?: boolean;
  outOfService?: boolean;
  /** Shown to the operator now (not shelved, suppressed or out of service). */
  annunciated?: boolean;
  firstOut?: boolean;
  eventId?: number;
  activeSince: string | null;
  inactiveSince?: string | null;
  ackedAt?: string | null;
  ackedBy?: string | null;
  ackComment?: string | null;
  shelvedUntil?: string | null;
  shelvedBy?: string | null;
  shelveReason?: string | null;
  lastChange?: string | null;
  value?: number | boolean | null;
  quality?: Quality;
  questionable?: boolean;
  limit?: number | null;
  cause?: string;
  consequence?: string;
  action?: string;
  responseTimeS?: number;
}

/** One alarm state change of `GET /api/alarms/journal?from&to`. */
export interface AlarmJournalEntryDto {
  seq: number;
  /** ISO-8601 UTC (epoch ms accepted too). */
  ts: string | number;
  alarmId: string;
  tag: string;
  priority: Priority;
  kind: string;
  from: AlarmStateName;
  to: AlarmStateName;
  flags?: { active: boolean; acked: boolean; shelving?: Shelving };
  value?: number | boolean | null;
  quality?: Quality;
  user?: string;
  comment?: string;
  /** The alarm's message as the gateway defines it (null for an id it no longer knows). */
  message?: string | null;
}

/** `GET /api/history`: per tag, raw points or buckets `[t, min, mean, max, last]`, with quality. */
export type BucketTuple = [
  number | string,
  number | null,
  number | null,
  number | null,
  number | null,
];
export interface HistoryPointDto {
  ts: string | number;
  value: number | boolean | null;
  quality?: Quality;
}
export interface HistorySeriesDto {
  name: string;
  mode?: 'raw' | 'buckets';
  bucketMs?: number;
  points?: HistoryPointDto[];
  buckets?: BucketTuple[];
  /** Per bucket, the worst quality in it (same order as `buckets`). */
  qualities?: Quality[];
  /** Per bucket, how many samples were Bad. */
  bad?: number[];
  count?: number[];
}
export interface HistoryResponseDto {
  from?: string;
  to?: string;
  series: HistorySeriesDto[];
}

/** `GET /api/water-balance` and the `water-balance` event (the balance package's result). */
export interface BalanceTermDto {
  id: string;
  label: string;
  kind: 'input' | 'reaction' | 'solids' | 'vapour' | 'export' | 'discharge';
  side: 'in' | 'out';
  estimate?: boolean;
  kg?: number;
  kgH: number;
  sigmaKg?: number;
  quality: Quality;
  tags?: string[];
}
export interface BalanceWindowDto {
  id: string;
  seconds: number;
  from?: string;
  to?: string;
  filled: boolean;
  fillPct?: number;
  in: BalanceTermDto[];
  out: BalanceTermDto[];
  inKgH?: number;
  outKgH?: number;
  inventory: { changeKg?: number; changeKgH: number; sigmaKg?: number; quality: Quality };
  residual: { kg?: number; kgH: number; sigmaKg?: number; sigmaKgH?: number; quality: Quality };
  normaliseBy?: 'processed' | 'boundaryIn' | null;
  closurePct: number | null;
  uncertaintyPct?: number | null;
  tolerancePct: { H: number; HH: number } | null;
  limitState: 'normal' | 'L' | 'LL' | 'H' | 'HH' | null;
  quality: Quality;
  questionable?: boolean;
}
export interface WaterBalanceDto {
  ts: string;
  quality: Quality;
  questionable?: boolean;
  issues?: string[];
  windows: BalanceWindowDto[];
  condensateRecovery?: {
    windowId?: string;
    pct: number | null;
    lowPct: number;
    lowLowPct: number;
    limitState: 'normal' | 'L' | 'LL' | null;
    quality: Quality;
  };
  cusum?: {
    kg: number;
    side: 'loss' | 'gain' | null;
    thresholdKg: number;
    alarm: boolean;
    quality: Quality;
  };
  discharge: {
    state: 'none' | 'open' | 'flowing' | 'unknown';
    kgH?: number;
    quality: Quality;
    paths?: {
      id: string;
      description: string;
      flowing: boolean;
      commandedOpen: boolean;
      positionOpen: boolean;
      quality: Quality;
    }[];
  };
}

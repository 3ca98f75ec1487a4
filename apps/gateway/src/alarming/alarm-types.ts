// The alarm service's vocabulary: what it reads of the runtime, where it audits, who asks, its options and command names.
import type { AlarmEngineOptions, PublicAlarm } from '@zld/alarms';
import type { Plant } from '@zld/plant';
import type { Clock, TagValue } from '@zld/tags';
import type { AlarmJournal } from './alarm-journal.js';
import type { PlcConnected } from './comm-alarms.js';
import type { SystemConditions } from './system-alarms.js';

/** What the service reads of the runtime (the gateway's `Runtime` has both). */
export interface AlarmSource {
  /** Batches of changed tag values (after the deadband). */
  subscribe(listener: (changes: readonly TagValue[]) => void): () => void;
  /** The current value of a tag. */
  value(name: string): TagValue | undefined;
}

/** Where the service records operator actions (the gateway's audit store fits). */
export interface AlarmAuditSink {
  record(event: {
    category: 'alarm';
    action: string;
    outcome: 'success' | 'refused';
    user: string;
    source: string | null;
    target: string;
    reason: string | null;
    details: Record<string, unknown>;
  }): unknown;
}

/** Who asks for a command, and from where. */
export interface AlarmActor {
  user: string;
  source?: string | null;
  /** A command a second user approved (two-person approval): their name, audited with it. */
  approvedBy?: string;
}

export interface AlarmServiceOptions {
  plant: Plant;
  source: AlarmSource;
  /** The gateway clock: wall time, or plant time when following the PLCs. */
  clock: Clock;
  journal: AlarmJournal;
  audit?: AlarmAuditSink;
  /** Whether a PLC's driver is connected: with it, one "communication lost" alarm per PLC. */
  plcConnected?: PlcConnected;
  /** The gateway's own conditions: with them, SYS.AUDIT (trail tampered) and SYS.LOGIN (lock-out). */
  system?: SystemConditions;
  engine?: AlarmEngineOptions;
  /** Real milliseconds between evaluations on the timer (default 250; 0: no timer, call `tick`). */
  evaluateEveryMs?: number;
  /** Real milliseconds between saves of the whole engine state (default 10 s). */
  saveEveryMs?: number;
  /** Close the journal when the service stops (default true). */
  closeJournal?: boolean;
  /** Called when a listener or the journal throws; the service keeps running. */
  onError?: (err: unknown) => void;
}

export type AlarmListener = (changed: readonly PublicAlarm[]) => void;

export type AlarmCommandName =
  | 'ack'
  | 'shelve'
  | 'one-shot-shelve'
  | 'unshelve'
  | 'out-of-service'
  | 'in-service'
  | 'reset'
  | 'settings-change';

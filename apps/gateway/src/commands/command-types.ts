// The command path's vocabulary: who asks, what they ask, and what the service answers.
import type { Role } from '@zld/api';
import type { Quality, Value } from '@zld/tags';
import type { ReadbackFailureKind } from './readback.js';
import type { Refusal } from './refusal.js';

/** Who asks: the authenticated user, their session and address. */
export interface Actor {
  username: string;
  role: Role;
  /** The session's non-secret handle (select-before-operate belongs to a session). */
  sessionRef: string;
  source: string;
  /** A write a second user approved (two-person approval): their name, audited with the write. */
  approvedBy?: string | undefined;
}

export interface WriteCommand {
  tag: string;
  value: number | boolean;
  /** The operator's stated reason, kept in the audit trail. */
  reason?: string | undefined;
  /** The client's id of this command: a retry with the same id is not executed again. */
  commandId?: string | undefined;
  /** Critical points: the id the select answered. */
  selectId?: string | undefined;
}

export interface CommandDone {
  ok: true;
  commandId: string;
  tag: string;
  requested: number | boolean;
  /** The value the read-back confirmed. */
  value: number | boolean;
  quality: Quality;
  oldValue: Value;
  /** ISO-8601 UTC of the confirmation. */
  time: string;
  /** This answer is the first result of an earlier request with the same command id. */
  duplicate: boolean;
}

export interface CommandRejected extends Refusal {
  ok: false;
  /** refused: nothing was sent; failure: sent (or tried), and the PLC or the read-back failed. */
  outcome: 'refused' | 'failure';
  commandId: string | undefined;
  tag: string;
  duplicate: boolean;
}

export type CommandResult = CommandDone | CommandRejected;

export interface SelectDone {
  ok: true;
  selectId: string;
  tag: string;
  value: number | boolean;
  /** ISO-8601 UTC. */
  expiresAt: string;
}

export interface CancelDone {
  ok: true;
  tag: string;
}

/** Raised when the read-back does not confirm a write: feed it to the alarm engine. */
export interface ReadbackFailure {
  commandId: string;
  tag: string;
  requested: number | boolean;
  readBack: number | boolean | null;
  quality: Quality | null;
  kind: ReadbackFailureKind;
  message: string;
  user: string;
  /** Epoch ms. */
  time: number;
}

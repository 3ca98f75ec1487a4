// The rules of the operator commands other than shelving: ack, out-of-service and reset. Each checks the alarm's
// state, throws AlarmCommandError when the command does not fit, and otherwise returns the fields to change.
import { isGood } from '@zld/tags';
import { AlarmCommandError } from './errors.js';
import type { AlarmState } from './state.js';

export interface AckRequest {
  user: string;
  comment?: string;
  /** The notification being acknowledged; when given it must be the alarm's current one. */
  eventId?: number;
}

export interface ActorRequest {
  user: string;
  /** Why (shelve, out-of-service) or a comment (reset). */
  reason?: string;
}

/** Ack: an EventId other than the current one is Bad_EventIdUnknown, a second ack Bad_ConditionBranchAlreadyAcked. */
export function ackFields(st: AlarmState, req: AckRequest, now: number): Partial<AlarmState> {
  if (req.eventId !== undefined && req.eventId !== st.eventId) {
    throw new AlarmCommandError(
      'Bad_EventIdUnknown',
      `${st.id} has no notification ${req.eventId}`,
    );
  }
  if (st.acked) {
    throw new AlarmCommandError(
      'Bad_ConditionBranchAlreadyAcked',
      `${st.id} is already acknowledged`,
    );
  }
  return { acked: true, ackedAt: now, ackedBy: req.user, ackComment: req.comment ?? null };
}

/** The ack fields of an alarm that needs acknowledging again. */
export const UNACKED: Readonly<Partial<AlarmState>> = {
  acked: false,
  ackedAt: null,
  ackedBy: null,
  ackComment: null,
};

export function outOfServiceFields(st: AlarmState, req: ActorRequest): Partial<AlarmState> {
  if (st.outOfService) {
    throw new AlarmCommandError('Bad_InvalidState', `${st.id} is already out of service`);
  }
  return { outOfService: true, outOfServiceBy: req.user, outOfServiceReason: req.reason ?? null };
}

export function inServiceFields(st: AlarmState): Partial<AlarmState> {
  if (!st.outOfService) throw new AlarmCommandError('Bad_InvalidState', `${st.id} is in service`);
  return { outOfService: false, outOfServiceBy: null, outOfServiceReason: null };
}

/** Reset of a latched alarm: allowed only once its condition has cleared on good inputs. */
export function checkReset(st: AlarmState): void {
  if (!st.latched) throw new AlarmCommandError('Bad_InvalidState', `${st.id} is not latched`);
  if (st.condition !== false || !isGood(st.quality)) {
    throw new AlarmCommandError(
      'Bad_InvalidState',
      `${st.id} cannot be reset: its condition is still present or its input is ${st.quality}`,
    );
  }
}

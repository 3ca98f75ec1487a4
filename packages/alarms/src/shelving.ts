// Shelving (OPC UA ShelvedStateMachine): timed and one-shot shelve, unshelve, and the automatic unshelve time.
import { AlarmCommandError } from './errors.js';
import type { AlarmState } from './state.js';

export interface ShelveRequest {
  user: string;
  reason: string;
}

export interface TimedShelveRequest extends ShelveRequest {
  durationMs: number;
}

type ShelvingFields = Pick<
  AlarmState,
  'shelving' | 'shelvedAt' | 'unshelveAt' | 'shelvedBy' | 'shelveReason'
>;

/**
 * TimedShelve: refused when the alarm is shelved in any way (Bad_ConditionAlreadyShelved, checked first,
 * as node-opcua does), or when the duration is not in (0, max] (Bad_ShelvingTimeOutOfRange).
 */
export function timedShelve(
  st: Pick<AlarmState, 'id' | 'shelving'>,
  req: TimedShelveRequest,
  now: number,
  maxShelveMs: number,
): ShelvingFields {
  if (st.shelving !== 'Unshelved') {
    throw new AlarmCommandError('Bad_ConditionAlreadyShelved', `${st.id} is already shelved`);
  }
  if (!(req.durationMs > 0) || req.durationMs > maxShelveMs) {
    throw new AlarmCommandError(
      'Bad_ShelvingTimeOutOfRange',
      `shelving time must be more than 0 and at most ${maxShelveMs / 60_000} min`,
    );
  }
  return shelved('TimedShelved', req, now, now + req.durationMs);
}

/**
 * OneShotShelve: lasts until the alarm next returns to inactive, and never longer than the maximum.
 * Allowed from TimedShelved (OPC UA has that transition); refused when already one-shot shelved.
 */
export function oneShotShelve(
  st: Pick<AlarmState, 'id' | 'shelving'>,
  req: ShelveRequest,
  now: number,
  maxShelveMs: number,
): ShelvingFields {
  if (st.shelving === 'OneShotShelved') {
    throw new AlarmCommandError('Bad_ConditionAlreadyShelved', `${st.id} is already shelved`);
  }
  return shelved('OneShotShelved', req, now, now + maxShelveMs);
}

/** Unshelve: refused with Bad_ConditionNotShelved when the alarm is not shelved. */
export function unshelve(st: Pick<AlarmState, 'id' | 'shelving'>): ShelvingFields {
  if (st.shelving === 'Unshelved') {
    throw new AlarmCommandError('Bad_ConditionNotShelved', `${st.id} is not shelved`);
  }
  return UNSHELVED;
}

/** The fields of an unshelved alarm. */
export const UNSHELVED: Readonly<ShelvingFields> = {
  shelving: 'Unshelved',
  shelvedAt: null,
  unshelveAt: null,
  shelvedBy: null,
  shelveReason: null,
};

/** True when a shelved alarm's unshelve time has come. */
export function shelvingExpired(
  st: Pick<AlarmState, 'shelving' | 'unshelveAt'>,
  now: number,
): boolean {
  return st.shelving !== 'Unshelved' && st.unshelveAt !== null && now >= st.unshelveAt;
}

/** Milliseconds until the alarm unshelves by itself (OPC UA UnshelveTime), or null when not shelved. */
export function unshelveTimeMs(
  st: Pick<AlarmState, 'shelving' | 'unshelveAt'>,
  now: number,
): number | null {
  if (st.shelving === 'Unshelved' || st.unshelveAt === null) return null;
  return Math.max(0, st.unshelveAt - now);
}

function shelved(
  shelving: 'TimedShelved' | 'OneShotShelved',
  req: ShelveRequest,
  now: number,
  until: number,
): ShelvingFields {
  return {
    shelving,
    shelvedAt: now,
    unshelveAt: until,
    shelvedBy: req.user,
    shelveReason: req.reason,
  };
}

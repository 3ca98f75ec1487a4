// Command refusals, named after the OPC UA Part 9 status codes a client of Alarms & Conditions would get.

export const ALARM_ERROR_CODES = [
  /** Ack of an alarm id, or of an EventId, that is not the alarm's current notification. */
  'Bad_EventIdUnknown',
  /** Ack of an alarm that is already acknowledged. */
  'Bad_ConditionBranchAlreadyAcked',
  /** Timed shelve for longer than the maximum, or for no time at all. */
  'Bad_ShelvingTimeOutOfRange',
  /** Timed shelve of a shelved alarm, or one-shot shelve of a one-shot-shelved alarm. */
  'Bad_ConditionAlreadyShelved',
  /** Unshelve of an alarm that is not shelved. */
  'Bad_ConditionNotShelved',
  /** A command on an alarm id (other than ack) or first-out group that does not exist. */
  'Bad_NodeIdUnknown',
  /** A command that does not fit the alarm's state (reset while the condition holds, ...). */
  'Bad_InvalidState',
  /** A settings change (limit, deadband, delay) that is not allowed: not finite, out of order, too long. */
  'Bad_OutOfRange',
] as const;

export type AlarmErrorCode = (typeof ALARM_ERROR_CODES)[number];

/** Thrown by `AlarmEngine` commands; `code` says why, `message` says it to a person. */
export class AlarmCommandError extends Error {
  readonly code: AlarmErrorCode;
  constructor(code: AlarmErrorCode, message: string) {
    super(message);
    this.name = 'AlarmCommandError';
    this.code = code;
  }
}

// Turns the gateway's answer to a command into what the operator reads: verified, or refused with the reason.
import type { WriteResultDto } from '@zld/api';
import type { ApiError } from '../api/http.js';

export type CommandOutcome =
  | { kind: 'verified'; value: number | boolean | null; text: string }
  | { kind: 'pending'; text: string }
  | { kind: 'awaiting'; approvalId: string; text: string }
  | { kind: 'refused'; status: number; code: string; text: string; interlock: string | null };

/** A write the gateway answered with 2xx: confirmed by read-back, unless its quality says the write is pending. */
export function verifiedOutcome(
  r: Pick<WriteResultDto, 'value' | 'quality'>,
  shown: (v: number | boolean | null) => string,
): CommandOutcome {
  const value = r.value;
  if (r.quality === 'Good_WritePending') {
    return { kind: 'pending', text: `Sent; read-back not confirmed yet (${shown(value)}).` };
  }
  return { kind: 'verified', value, text: `Verified: the PLC reads back ${shown(value)}.` };
}

const WHY: Readonly<Record<number, string>> = {
  0: 'The gateway cannot be reached; nothing was sent to the PLC.',
  400: 'Refused: outside the write limits.',
  401: 'Refused: your session has ended; log in again.',
  403: 'Refused: your role may not write this tag, or it is not writable.',
  409: 'Refused by an interlock.',
  502: 'Failed: the PLC did not accept the write, or did not keep it, or the read-back differs.',
  504: 'Failed: the PLC did not answer in time.',
};

/** A refusal, with the gateway's own reason (and the interlock id for a 409). */
export function refusedOutcome(err: ApiError): CommandOutcome {
  const d = err.details as { interlock?: unknown; reason?: unknown };
  const interlock = typeof d.interlock === 'string' ? d.interlock : null;
  const reason = typeof d.reason === 'string' && d.reason !== '' ? d.reason : err.message;
  const head = WHY[err.status] ?? `Refused (${err.status || err.code}).`;
  const text = interlock ? `${head} ${interlock}: ${reason}` : `${head} ${reason}`;
  return { kind: 'refused', status: err.status, code: err.code, text, interlock };
}

/** A write the plant file puts under two-person approval: nothing is sent until a second user approves. */
export function awaitingOutcome(a: { id: string; expiresAt: string }): CommandOutcome {
  const until = new Date(a.expiresAt).toLocaleTimeString();
  return {
    kind: 'awaiting',
    approvalId: a.id,
    text: `Awaiting approval: nothing is sent until a second user approves it (Approvals display) by ${until}.`,
  };
}

import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { refusedOutcome, verifiedOutcome } from './command-outcome.js';

const show = (v: number | boolean | null) => `${String(v)} %`;

describe('command outcomes', () => {
  it('reports a verified read-back plainly', () => {
    expect(verifiedOutcome({ value: 55, quality: 'Good' }, show)).toEqual({
      kind: 'verified',
      value: 55,
      text: 'Verified: the PLC reads back 55 %.',
    });
  });

  it('says pending while the gateway has not confirmed the read-back', () => {
    expect(verifiedOutcome({ value: 55, quality: 'Good_WritePending' }, show).kind).toBe('pending');
  });

  it('shows an interlock refusal with its id and the gateway reason', () => {
    const err = new ApiError(409, 'CONFLICT', 'interlocked', {
      interlock: 'IL-402-HH',
      reason: 'TK-402 is at HH (90%): its inflow pumps P-401 and P-902 are held stopped.',
    });
    const o = refusedOutcome(err);
    expect(o).toMatchObject({ kind: 'refused', status: 409, interlock: 'IL-402-HH' });
    expect(o.text).toBe(
      'Refused by an interlock. IL-402-HH: TK-402 is at HH (90%): its inflow pumps P-401 and P-902 are held stopped.',
    );
  });

  it('explains limit, role and PLC failures with the gateway message', () => {
    expect(
      refusedOutcome(new ApiError(400, 'BAD_REQUEST', 'value 80 above write max 70')).text,
    ).toBe('Refused: outside the write limits. value 80 above write max 70');
    expect(refusedOutcome(new ApiError(403, 'FORBIDDEN', 'viewer may not write')).text).toMatch(
      /^Refused: your role/,
    );
    expect(refusedOutcome(new ApiError(504, 'PLC_TIMEOUT', 'no answer')).text).toMatch(
      /did not answer in time/,
    );
    expect(refusedOutcome(new ApiError(0, 'NETWORK', 'down')).text).toMatch(/nothing was sent/);
    expect(refusedOutcome(new ApiError(418, 'X', 'odd')).text).toBe('Refused (418). odd');
  });
});

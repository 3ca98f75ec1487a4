// The signed-in user's second factor: status, enrolment (QR code), confirmation, recovery codes, turning it off.
import { API_ROUTES, type MfaEnrolmentDto, type MfaStatusDto } from '@zld/api';
import { request } from './http.js';

export const mfaStatus = (): Promise<MfaStatusDto> => request(API_ROUTES.mfaStatus);

export const startMfaEnrolment = (): Promise<MfaEnrolmentDto> =>
  request(API_ROUTES.mfaEnrol, { body: {} });

/** Confirms the enrolment: the recovery codes, shown once. */
export async function confirmMfa(code: string): Promise<string[]> {
  return (await request(API_ROUTES.mfaConfirm, { body: { code } })).recoveryCodes;
}

export async function newRecoveryCodes(code: string): Promise<string[]> {
  return (await request(API_ROUTES.mfaRecoveryCodes, { body: { code } })).recoveryCodes;
}

export async function disableMfa(code: string): Promise<void> {
  await request(API_ROUTES.mfaDisable, { body: { code } });
}

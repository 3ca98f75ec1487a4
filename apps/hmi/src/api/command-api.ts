// The command path from the HMI: select (for critical points), operate, cancel; each answer turned into an outcome.
import { API_ROUTES } from '@zld/api';
import {
  awaitingOutcome,
  refusedOutcome,
  verifiedOutcome,
  type CommandOutcome,
} from '../model/command-outcome.js';
import type { WriteValue } from '../model/write-check.js';
import { ApiError, AwaitingApproval, request } from './http.js';

export type SelectAnswer =
  { ok: true; selectId: string; expiresAt: number } | { ok: false; outcome: CommandOutcome };

const asRefusal = (err: unknown): CommandOutcome =>
  refusedOutcome(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err)));

/** Reserves a critical point for this session (select-before-operate). */
export async function selectPoint(name: string, value: WriteValue): Promise<SelectAnswer> {
  try {
    const r = await request(API_ROUTES.tagSelect, { params: { name }, body: { value } });
    return { ok: true, selectId: r.selectId, expiresAt: Date.parse(r.expiresAt) };
  } catch (err) {
    return { ok: false, outcome: asRefusal(err) };
  }
}

export async function cancelSelect(name: string): Promise<void> {
  await request(API_ROUTES.tagCancel, { params: { name }, body: {} }).catch(() => undefined);
}

/** True when a refusal says the point must be selected first (the gateway asks for select-before-operate). */
export function asksForSelect(o: CommandOutcome): boolean {
  return (
    o.kind === 'refused' && (o.status === 428 || /NO_SELECT|select/i.test(`${o.code} ${o.text}`))
  );
}

/** A unique id per command (random 128 bits), so a retried request is never executed twice. */
export function commandId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `cmd-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Sends the write (with its unique command id and any selection) and waits for the verified read-back. */
export async function operate(
  name: string,
  value: WriteValue,
  shown: (v: number | boolean | null) => string,
  options: { selectId?: string; reason?: string } = {},
): Promise<CommandOutcome> {
  const body = {
    value,
    commandId: commandId(),
    ...(options.selectId !== undefined ? { selectId: options.selectId } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
  try {
    const r = await request(API_ROUTES.tagWrite, { params: { name }, body });
    return verifiedOutcome(r, shown);
  } catch (err) {
    if (err instanceof AwaitingApproval) return awaitingOutcome(err.approval);
    return asRefusal(err);
  }
}

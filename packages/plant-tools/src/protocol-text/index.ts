// The text forms of every protocol the tools know, looked up by protocol id or URL scheme.
import type { Parsed } from '../csv/cells.js';
import { loopbackText } from './loopback-text.js';
import { modbusText } from './modbus-text.js';
import { opcuaText } from './opcua-text.js';
import type { ProtocolText, Settings } from './protocol-text.js';

export type { Address, AddressContext, ProtocolText, Settings } from './protocol-text.js';

export const PROTOCOL_TEXTS: readonly ProtocolText[] = [modbusText, opcuaText, loopbackText];

export function textOf(protocol: string): ProtocolText | undefined {
  return PROTOCOL_TEXTS.find((p) => p.id === protocol);
}

/** A PLC connection URL as its protocol and settings block. */
export function parseConnection(text: string): Parsed<{ protocol: string; settings: Settings }> {
  const t = text.trim();
  const scheme = /^([a-z][a-z0-9.+-]*):\/\//i.exec(t)?.[1]?.toLowerCase();
  const p = PROTOCOL_TEXTS.find((x) => scheme !== undefined && x.schemes.includes(scheme));
  const examples = PROTOCOL_TEXTS.map((x) => x.exampleUrl).join(', ');
  if (!p) return { ok: false, error: `"${t}" is not a PLC URL (${examples})` };
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return { ok: false, error: `"${t}" is not a valid URL (${p.exampleUrl})` };
  }
  const settings = p.parseUrl(url);
  return settings.ok ? { ok: true, value: { protocol: p.id, settings: settings.value } } : settings;
}

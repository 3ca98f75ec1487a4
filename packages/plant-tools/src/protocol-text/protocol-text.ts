// How each protocol writes a PLC connection as a URL and a tag address as one cell of text: register, don't switch.
import { protocols } from '@zld/protocols';
import type { Parsed } from '../csv/cells.js';

export type Settings = Record<string, unknown>;
export type Address = Record<string, unknown>;

/** What an address cell may need beside its text (OPC UA string identifiers take the PLC's namespace). */
export interface AddressContext {
  settings: Settings;
}

export interface ProtocolText {
  /** The protocol id of the plant file. */
  readonly id: string;
  /** URL schemes naming this protocol (`modbus`, `opc.tcp`). */
  readonly schemes: readonly string[];
  /** Example for messages and the README. */
  readonly exampleUrl: string;
  readonly exampleAddress: string;
  /** The settings block of a connection URL (`modbus://10.0.0.5:502?unit=1`), query options included. */
  parseUrl(url: URL): Parsed<Settings>;
  /** The URL of a settings block; options left at their default are left out. */
  formatUrl(settings: Settings): string;
  parseAddress(text: string, ctx: AddressContext): Parsed<Address>;
  formatAddress(address: Address, settings: Settings): string;
  /** What names the same value twice (folders and namespaces written differently compare equal). */
  addressKey(address: Address, settings: Settings): string;
  /** Settings keys carrying the register order (Modbus), for the CSV's word-order column. */
  readonly orderKeys?: { byteOrder: string; wordOrder: string };
}

/** Query options as settings: `timeout` stands for `timeoutMs`, numbers become numbers. */
export function queryOptions(url: URL, aliases: Readonly<Record<string, string>>): Settings {
  const out: Settings = {};
  for (const [k, v] of url.searchParams) {
    const key = aliases[k] ?? k;
    out[key] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

/**
 * The options of `settings` that differ from the protocol's defaults, as a query string (`?unit=1`),
 * with the aliases written back.
 */
export function queryOf(
  protocol: string,
  settings: Settings,
  skip: readonly string[],
  aliases: Readonly<Record<string, string>>,
): string {
  const defaults = defaultsOf(protocol, settings);
  const back = Object.fromEntries(Object.entries(aliases).map(([a, k]) => [k, a]));
  const params: string[] = [];
  for (const [k, v] of Object.entries(settings)) {
    if (skip.includes(k) || v === undefined || v === defaults[k]) continue;
    params.push(queryParam(back[k] ?? k, String(v)));
  }
  return params.length === 0 ? '' : `?${params.join('&')}`;
}

/** `key=value`, escaped only where a query needs it (`urn:x:y` stays readable). */
export function queryParam(key: string, value: string): string {
  const esc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2F/gi, '/');
  return `${esc(key)}=${esc(value)}`;
}

/** What the protocol's own schema fills in when only the settings it cannot do without are given. */
function defaultsOf(protocol: string, settings: Settings): Settings {
  const schema = protocols.get(protocol)?.settings;
  if (!schema) return {};
  const required = Object.keys(settings).filter((k) => {
    const without = { ...settings };
    delete without[k];
    return !schema.safeParse(without).success;
  });
  const r = schema.safeParse(Object.fromEntries(required.map((k) => [k, settings[k]])));
  return r.success ? (r.data as Settings) : {};
}

// Modbus as text: `modbus://host:port?unit=1` connections, `hr:0` / `coil:3` / `40001` addresses.
import { formatOrder, parseOrder } from '../csv/cells.js';
import { queryOf, queryOptions, type ProtocolText, type Settings } from './protocol-text.js';

const TABLES: Readonly<Record<string, string>> = {
  coil: 'coil',
  co: 'coil',
  di: 'discrete',
  discrete: 'discrete',
  ir: 'input',
  input: 'input',
  hr: 'holding',
  holding: 'holding',
};
const SHORT: Readonly<Record<string, string>> = {
  coil: 'coil',
  discrete: 'di',
  input: 'ir',
  holding: 'hr',
};
/** The leading digit of the one-based register numbers (Modicon convention). */
const MODICON: Readonly<Record<string, string>> = {
  '0': 'coil',
  '1': 'discrete',
  '3': 'input',
  '4': 'holding',
};
const ALIASES = { unit: 'unitId', timeout: 'timeoutMs' };

export const modbusText: ProtocolText = {
  id: 'modbus',
  schemes: ['modbus', 'modbus-tcp'],
  exampleUrl: 'modbus://192.168.0.10:502?unit=1',
  exampleAddress: 'hr:0',
  orderKeys: { byteOrder: 'byteOrder', wordOrder: 'wordOrder' },

  parseUrl(url) {
    if (url.pathname !== '' && url.pathname !== '/')
      return { ok: false, error: `a Modbus URL has no path ("${url.pathname}")` };
    const { order, ...options } = queryOptions(url, ALIASES);
    const settings: Settings = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? 502 : Number(url.port),
      unitId: 1,
      ...options,
    };
    if (order !== undefined) {
      const o = parseOrder(String(order));
      if (!o.ok) return o;
      Object.assign(settings, o.value);
    }
    return { ok: true, value: settings };
  },

  formatUrl(s) {
    const host = String(s.host).includes(':') ? `[${String(s.host)}]` : String(s.host);
    const rest = queryOf(
      'modbus',
      s,
      ['host', 'port', 'unitId', 'byteOrder', 'wordOrder'],
      ALIASES,
    );
    const order = formatOrder({
      byteOrder: s.byteOrder === 'little' ? 'little' : 'big',
      wordOrder: s.wordOrder === 'little' ? 'little' : 'big',
    });
    const extra = [rest.slice(1), order === 'ABCD' ? '' : `order=${order}`].filter((q) => q !== '');
    return `modbus://${host}:${String(s.port)}?unit=${String(s.unitId)}${extra.map((q) => `&${q}`).join('')}`;
  },

  parseAddress(text) {
    const t = text.trim();
    const prefixed = /^([a-z]+)\s*:\s*(\d+)$/i.exec(t);
    if (prefixed) {
      const table = TABLES[prefixed[1]!.toLowerCase()];
      if (!table)
        return { ok: false, error: `unknown Modbus table "${prefixed[1]}" (coil, di, ir or hr)` };
      const address = Number(prefixed[2]);
      if (address > 65535)
        return {
          ok: false,
          error: `register ${address} is past 65535 (zero-based after "${prefixed[1]}:")`,
        };
      const digits = prefixed[2]!;
      const looksModicon =
        (digits.length === 5 || digits.length === 6) && MODICON[digits[0]!] === table;
      return {
        ok: true,
        value: { table, address },
        ...(looksModicon
          ? {
              warning: `"${t}" is read as zero-based register ${address}; the one-based register ${digits} is "${digits}" without the prefix`,
            }
          : {}),
      };
    }
    const modicon = /^([0134])(\d{4,5})$/.exec(t);
    if (modicon) {
      const n = Number(modicon[2]);
      if (n < 1) return { ok: false, error: `"${t}": one-based register numbers start at 1` };
      return { ok: true, value: { table: MODICON[modicon[1]!]!, address: n - 1 } };
    }
    return {
      ok: false,
      error: `"${t}" is not a Modbus address (hr:0, ir:0, coil:0, di:0 zero-based, or 40001, 30001, 00001, 10001)`,
    };
  },

  formatAddress(a) {
    return `${SHORT[String(a.table)] ?? String(a.table)}:${String(a.address)}`;
  },

  addressKey(a) {
    return `${String(a.table)}:${String(a.address)}`;
  },
};

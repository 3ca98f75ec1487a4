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

/** URL schemes and the transports they name. */
const TRANSPORTS: Readonly<Record<string, string>> = {
  modbus: 'tcp',
  'modbus-tcp': 'tcp',
  'modbus-rtu-tcp': 'rtu-over-tcp',
  'modbus-rtu': 'rtu',
};
const SCHEME_OF: Readonly<Record<string, string>> = {
  tcp: 'modbus',
  'rtu-over-tcp': 'modbus-rtu-tcp',
  rtu: 'modbus-rtu',
};
/** Serial-line options of a `modbus-rtu:` URL and their defaults (the Modbus serial-line standard's). */
const SERIAL = { baud: 'baudRate', parity: 'parity', stop: 'stopBits' } as const;
const SERIAL_DEFAULTS: Readonly<Record<string, unknown>> = {
  parity: 'even',
  stopBits: 1,
  dataBits: 8,
};

export const modbusText: ProtocolText = {
  id: 'modbus',
  schemes: Object.keys(TRANSPORTS),
  exampleUrl: 'modbus://192.168.0.10:502?unit=1',
  exampleAddress: 'hr:0',
  orderKeys: { byteOrder: 'byteOrder', wordOrder: 'wordOrder' },

  /**
   * `modbus://host[:port]` (Modbus TCP, port 502), `modbus-rtu-tcp://host:port` (RTU frames over TCP),
   * `modbus-rtu:///dev/ttyUSB0?baud=9600` (RTU on a serial line); `unit`, `order`, `timeout` and any
   * setting by its name as options.
   */
  parseUrl(url) {
    const transport = TRANSPORTS[url.protocol.slice(0, -1)] ?? 'tcp';
    const { order, baud, parity, stop, ...options } = queryOptions(url, ALIASES);
    const settings: Settings = { ...(transport === 'tcp' ? {} : { transport }), unitId: 1 };
    if (transport === 'rtu') {
      const path = decodeURIComponent(`${url.host}${url.pathname}`);
      if (path === '' || path === '/')
        return {
          ok: false,
          error: 'a serial line needs its device: modbus-rtu:///dev/ttyUSB0?baud=9600',
        };
      const line: Settings = { path, baudRate: baud ?? 9600 };
      if (parity !== undefined) line.parity = parity;
      if (stop !== undefined) line.stopBits = stop;
      settings.serial = line;
    } else {
      if (url.hostname === '') return { ok: false, error: `"${url.href}" names no host` };
      if (url.pathname !== '' && url.pathname !== '/')
        return { ok: false, error: `a Modbus TCP URL has no path ("${url.pathname}")` };
      if (baud !== undefined || parity !== undefined || stop !== undefined)
        return {
          ok: false,
          error: 'baud, parity and stop are for a serial line (modbus-rtu:///dev/...)',
        };
      settings.host = url.hostname.replace(/^\[|\]$/g, '');
      settings.port = url.port === '' ? 502 : Number(url.port);
    }
    Object.assign(settings, options);
    if (order !== undefined) {
      const o = parseOrder(String(order));
      if (!o.ok) return o;
      Object.assign(settings, o.value);
    }
    return { ok: true, value: settings };
  },

  formatUrl(s) {
    const transport = typeof s.transport === 'string' ? s.transport : 'tcp';
    const scheme = SCHEME_OF[transport] ?? 'modbus';
    const skip = ['transport', 'host', 'port', 'serial', 'unitId', 'byteOrder', 'wordOrder'];
    const rest = queryOf('modbus', s, skip, ALIASES);
    const order = formatOrder({
      byteOrder: s.byteOrder === 'little' ? 'little' : 'big',
      wordOrder: s.wordOrder === 'little' ? 'little' : 'big',
    });
    const query = [`unit=${String(s.unitId)}`];
    let where: string;
    if (transport === 'rtu') {
      const line = (s.serial ?? {}) as Settings;
      where = String(line.path);
      for (const [opt, key] of Object.entries(SERIAL))
        if (line[key] !== undefined && line[key] !== SERIAL_DEFAULTS[key])
          query.push(`${opt}=${String(line[key])}`);
    } else {
      const host = String(s.host).includes(':') ? `[${String(s.host)}]` : String(s.host);
      where = `${host}:${String(s.port)}`;
    }
    if (rest !== '') query.push(rest.slice(1));
    if (order !== 'ABCD') query.push(`order=${order}`);
    return `${scheme}://${where}?${query.join('&')}`;
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

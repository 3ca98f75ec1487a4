// The loopback example protocol as text: `loopback://host:port` connections, the device's key as the address.
import { queryOf, queryOptions, type ProtocolText } from './protocol-text.js';

const ALIASES = { timeout: 'timeoutMs' };

export const loopbackText: ProtocolText = {
  id: 'loopback',
  schemes: ['loopback'],
  exampleUrl: 'loopback://127.0.0.1:5030',
  exampleAddress: 'tank.level',
  parseUrl(url) {
    if (url.hostname === '' || url.port === '')
      return { ok: false, error: `"${url.href}" needs a host and a port` };
    return {
      ok: true,
      value: { host: url.hostname, port: Number(url.port), ...queryOptions(url, ALIASES) },
    };
  },
  formatUrl(s) {
    return `loopback://${String(s.host)}:${String(s.port)}${queryOf('loopback', s, ['host', 'port'], ALIASES)}`;
  },
  parseAddress(text) {
    const key = text.trim();
    return key === '' ? { ok: false, error: 'the key is empty' } : { ok: true, value: { key } };
  },
  formatAddress: (a) => String(a.key),
  addressKey: (a) => String(a.key),
};

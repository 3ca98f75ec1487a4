// OPC UA as text: `opc.tcp://host:port?namespace=urn:x` connections, NodeId addresses (`ns=2;s=Line1.Temp`, `nsu=urn:x;i=1001`).
import {
  queryOf,
  queryOptions,
  queryParam,
  type Address,
  type ProtocolText,
} from './protocol-text.js';

const ALIASES = {
  namespace: 'namespaceUri',
  security: 'securityMode',
  policy: 'securityPolicy',
  timeout: 'timeoutMs',
};
/** A full NodeId: a namespace index or URI, then the identifier. */
const FULL_NODE_ID = /^(ns=\d+|nsu=[^;]+);(s|i|g|b)=.+$/s;
const BARE_NODE_ID = /^(s|i|g|b)=(.+)$/s;

export const opcuaText: ProtocolText = {
  id: 'opcua',
  schemes: ['opc.tcp'],
  exampleUrl: 'opc.tcp://192.168.0.20:4840?namespace=urn:line1:plc',
  exampleAddress: 'ns=2;s=Line1.Temp',

  parseUrl(url) {
    const options = queryOptions(url, ALIASES);
    const endpointUrl = `${url.protocol}//${url.host}${url.pathname}`;
    return { ok: true, value: { endpointUrl, ...options } };
  },

  formatUrl(s) {
    const rest = queryOf('opcua', s, ['endpointUrl', 'namespaceUri'], ALIASES);
    const ns = typeof s.namespaceUri === 'string' ? [queryParam('namespace', s.namespaceUri)] : [];
    const query = [...ns, ...(rest === '' ? [] : rest.slice(1).split('&'))];
    return `${String(s.endpointUrl)}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  },

  /**
   * A full NodeId is kept as written (`{ nodeId }`). A bare string identifier (`s=Line1.Temp` or just
   * `Line1.Temp`) is a node of the PLC's namespace in the tag's area folder; a bare `i=`, `g=` or `b=`
   * is taken into the PLC's namespace by URI.
   */
  parseAddress(text, ctx) {
    const t = text.trim();
    if (FULL_NODE_ID.test(t)) return { ok: true, value: { nodeId: t } };
    if (/^(ns|nsu)=/.test(t))
      return {
        ok: false,
        error: `"${t}" is not a NodeId like ns=2;s=Line1.Temp or nsu=urn:x;i=1001`,
      };
    const bare = BARE_NODE_ID.exec(t);
    if (!bare || bare[1] === 's')
      return { ok: true, value: { node: bare?.[2] ?? t, folder: ctx.area } };
    const uri = ctx.settings.namespaceUri;
    if (typeof uri !== 'string')
      return {
        ok: false,
        error: `"${t}" names no namespace: write ns=<n>;${t} or nsu=<uri>;${t}, or give the PLC's namespace`,
      };
    return { ok: true, value: { nodeId: `nsu=${uri};${t}` } };
  },

  formatAddress(a) {
    return typeof a.nodeId === 'string' ? a.nodeId : `s=${String(a.node)}`;
  },

  addressKey(a: Address, s) {
    return typeof a.nodeId === 'string'
      ? a.nodeId
      : `nsu=${String(s.namespaceUri)};s=${String(a.node)}`;
  },
};

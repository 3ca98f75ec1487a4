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
/** Text that means to be a NodeId (and is refused when it is not a whole one). */
const NODE_ID = /^(ns|nsu|s|i|g|b)=/;

export const opcuaText: ProtocolText = {
  id: 'opcua',
  schemes: ['opc.tcp'],
  exampleUrl: 'opc.tcp://192.168.0.20:4840?namespace=urn:line1:plc',
  exampleAddress: 'ns=2;s=Line1.Temp',

  parseUrl(url) {
    if (url.hostname === '') return { ok: false, error: `"${url.href}" names no host` };
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
   * Any NodeId text is kept as written (`{ nodeId }`: `ns=2;i=5`, `nsu=urn:x;s=A`; a bare `i=2258` is in
   * namespace 0, as OPC UA reads it). Plain text is a string identifier in the PLC's namespace (`{ node }`).
   */
  parseAddress(text, ctx) {
    const t = text.trim();
    if (NODE_ID.test(t)) {
      const problem = FULL_NODE_ID.test(t) || BARE_NODE_ID.test(t) ? undefined : t;
      if (problem === undefined) return { ok: true, value: { nodeId: t } };
      return {
        ok: false,
        error: `"${t}" is not a NodeId like ns=2;s=Line1.Temp or nsu=urn:x;i=1001`,
      };
    }
    if (typeof ctx.settings.namespaceUri !== 'string')
      return {
        ok: false,
        error: `"${t}" is a string identifier, but the PLC names no namespace: write nsu=<uri>;s=${t}, or add ?namespace=<uri> to its URL`,
      };
    return { ok: true, value: { node: t } };
  },

  formatAddress(a, s) {
    if (typeof a.nodeId === 'string') return a.nodeId;
    const node = String(a.node);
    return NODE_ID.test(node) ? `nsu=${String(s.namespaceUri)};s=${node}` : node;
  },

  addressKey(a: Address, s) {
    return typeof a.nodeId === 'string'
      ? a.nodeId
      : `nsu=${String(s.namespaceUri)};s=${String(a.node)}`;
  },
};

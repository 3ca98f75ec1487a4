// Pure: an OPC UA tag's node as the plant file gives it, and as a NodeId text once the namespaces are known.

/**
 * A node reference: the identifier part (`i=1001`, `s=Line1.Temp`, `g=<guid>`, `b=<base64>`) and its
 * namespace, by index (`ns=3`) or by URI (`nsu=urn:plc`), or the PLC's namespace (`namespaceUri` of
 * its settings) for the short form `node: "EV-500.TI-501"`.
 */
export type NodeRef =
  | { kind: 'plc'; identifier: string }
  | { kind: 'index'; ns: number; identifier: string }
  | { kind: 'uri'; uri: string; identifier: string };

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why an identifier part (`i=…`, `s=…`, `g=…`, `b=…`) is not one, or null when it is. */
function identifierProblem(id: string): string | null {
  const kind = id.slice(0, 2);
  const body = id.slice(2);
  if (kind === 'i=') {
    const n = Number(body);
    return /^\d+$/.test(body) && n <= 0xffffffff ? null : `"${id}": i= takes 0 to 4294967295`;
  }
  if (kind === 's=') return body.length > 0 ? null : `"${id}": s= needs a string`;
  if (kind === 'g=') return GUID.test(body) ? null : `"${id}": g= takes a GUID`;
  if (kind === 'b=')
    return body.length > 0 && BASE64.test(body) ? null : `"${id}": b= takes base64`;
  return `"${id}": the identifier must start with i=, s=, g= or b=`;
}

/**
 * Parses a NodeId text as OPC UA writes it (Part 6, 5.3.1.10): `ns=<index>;<id>`, `nsu=<uri>;<id>` or a
 * bare `<id>` in namespace 0. Answers the reference, or a message saying what is wrong.
 */
export function parseNodeId(text: string): NodeRef | string {
  const t = text.trim();
  const m = /^(ns|nsu)=([^;]*);(.*)$/s.exec(t);
  if (!m) {
    const problem = identifierProblem(t);
    return problem ?? { kind: 'index', ns: 0, identifier: t };
  }
  const [, key, ns = '', identifier = ''] = m;
  const problem = identifierProblem(identifier);
  if (problem) return problem;
  if (key === 'nsu')
    return ns.length > 0 ? { kind: 'uri', uri: ns, identifier } : 'nsu= needs a URI';
  const index = Number(ns);
  if (!/^\d+$/.test(ns) || index > 0xffff) return `"ns=${ns}": a namespace index is 0 to 65535`;
  return { kind: 'index', ns: index, identifier };
}

/** The reference of a tag's address (`nodeId` parsed, or `node` in the PLC's namespace). */
export function nodeRefOf(address: { node?: string; nodeId?: string }): NodeRef {
  if (address.nodeId === undefined) return { kind: 'plc', identifier: `s=${address.node ?? ''}` };
  const ref = parseNodeId(address.nodeId);
  if (typeof ref === 'string') throw new Error(`node id ${address.nodeId}: ${ref}`);
  return ref;
}

/** A key that is the same for two addresses naming the same node as written (duplicate checks). */
export function nodeKey(ref: NodeRef): string {
  if (ref.kind === 'plc') return `plc;${ref.identifier}`;
  return ref.kind === 'uri' ? `nsu=${ref.uri};${ref.identifier}` : `ns=${ref.ns};${ref.identifier}`;
}

/**
 * The NodeId text with a namespace index, given the server's namespace array and the PLC's namespace
 * index (-1 when the PLC names none or the server lacks it); null when the namespace is not on the
 * server.
 */
export function resolveNodeRef(
  ref: NodeRef,
  namespaces: readonly string[],
  plcNs: number,
): string | null {
  if (ref.kind === 'index') return `ns=${ref.ns};${ref.identifier}`;
  const idx = ref.kind === 'plc' ? plcNs : namespaces.indexOf(ref.uri);
  return idx < 0 ? null : `ns=${idx};${ref.identifier}`;
}

/** The NodeIds of a PLC's points as resolved in the current session (null: namespace not on the server). */
export class ResolvedNodes {
  private ids: (string | null)[] = [];
  /** Which namespaces were missing in the last resolution, in words; null when none. */
  error: string | null = null;

  constructor(
    private readonly refs: readonly NodeRef[],
    private readonly endpointUrl: string,
    private readonly namespaceUri: string | undefined,
  ) {}

  /** Resolves every point in a session's namespace array; answers the indices left unresolved. */
  resolve(namespaces: readonly string[]): number[] {
    const plcNs = this.namespaceUri === undefined ? -1 : namespaces.indexOf(this.namespaceUri);
    this.ids = this.refs.map((ref) => resolveNodeRef(ref, namespaces, plcNs));
    const missing = new Set<string>();
    const unresolved: number[] = [];
    this.refs.forEach((ref, i) => {
      if (this.ids[i] !== null) return;
      unresolved.push(i);
      missing.add(ref.kind === 'uri' ? ref.uri : (this.namespaceUri ?? ''));
    });
    this.error =
      missing.size === 0
        ? null
        : `namespace ${[...missing].join(', ')} not found on ${this.endpointUrl}`;
    return unresolved;
  }

  /** False until a first session resolved the points. */
  get known(): boolean {
    return this.ids.length > 0;
  }

  get all(): readonly (string | null)[] {
    return this.ids;
  }

  /** The point's NodeId; null when its namespace is missing. */
  of(index: number): string | null {
    return this.ids[index] ?? null;
  }
}

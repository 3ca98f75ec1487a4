// Walks an OPC UA server's address space from Objects (depth limited) and reads what a plant file needs of each variable.
import {
  AttributeIds,
  BrowseDirection,
  findBasicDataType,
  makeBrowsePath,
  NodeClass,
  NodeClassMask,
  NodeIdType,
  DataType as UaDataType,
  type BrowseDescriptionLike,
  type ClientSession,
  type NodeId,
  type ReferenceDescription,
} from 'node-opcua';

/** A variable as the server describes it. */
export interface BrowsedVariable {
  /** Its NodeId with the namespace by URI: `nsu=urn:x;i=1001`. */
  nodeId: string;
  namespaceUri: string;
  browseName: string;
  displayName: string;
  description?: string;
  /** Browse names of the objects and folders from Objects down to the variable's parent. */
  path: string[];
  /** The built-in type its values travel as (`Float`, `Int16`...); `null` when it has none (a structure). */
  builtInType: string | null;
  /** -1 for a scalar; arrays are 1 or more. */
  valueRank: number;
  euRange?: [number, number];
  unit?: string;
  writable: boolean;
}

export interface WalkOptions {
  /** Levels below Objects to look at (a variable directly under Objects is level 1). */
  depth: number;
  /** Only variables in this namespace (others are still walked through). */
  namespaceUri?: string;
}

const CHUNK = 200;
const CURRENT_WRITE = 0x02;

/** `nsu=<uri>;s=...` for a NodeId, whatever its identifier type. */
export function nodeIdText(id: NodeId, namespaces: readonly string[]): string {
  const uri = namespaces[id.namespace] ?? '';
  const v = id.value;
  const ident =
    id.identifierType === NodeIdType.NUMERIC
      ? `i=${String(v)}`
      : id.identifierType === NodeIdType.GUID
        ? `g=${String(v)}`
        : id.identifierType === NodeIdType.BYTESTRING
          ? `b=${Buffer.isBuffer(v) ? v.toString('base64') : String(v)}`
          : `s=${String(v)}`;
  return id.namespace === 0 ? `ns=0;${ident}` : `nsu=${uri};${ident}`;
}

/** Every variable below Objects (not in namespace 0) within the depth, with its type, range and unit. */
export async function walkVariables(
  session: ClientSession,
  o: WalkOptions,
): Promise<BrowsedVariable[]> {
  const namespaces = await session.readNamespaceArray();
  const found: { ref: ReferenceDescription; path: string[] }[] = [];
  const seen = new Set<string>(['ns=0;i=85']);
  let level: { nodeId: NodeId | string; path: string[] }[] = [{ nodeId: 'ns=0;i=85', path: [] }];
  for (let depth = 1; depth <= o.depth && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const part of chunks(level, CHUNK)) {
      const refs = await browseAll(
        session,
        part.map((n) => n.nodeId),
      );
      refs.forEach((list, i) => {
        const parent = part[i]!;
        for (const ref of list) {
          const id = ref.nodeId;
          const key = id.toString();
          if (id.namespace === 0 || seen.has(key)) continue;
          seen.add(key);
          if (ref.nodeClass === NodeClass.Variable) found.push({ ref, path: parent.path });
          else next.push({ nodeId: id, path: [...parent.path, ref.browseName.name ?? key] });
        }
      });
    }
    level = next;
  }
  const wanted = found.filter(
    (f) => o.namespaceUri === undefined || namespaces[f.ref.nodeId.namespace] === o.namespaceUri,
  );
  const out: BrowsedVariable[] = [];
  for (const part of chunks(wanted, CHUNK))
    out.push(...(await describe(session, part, namespaces)));
  return out;
}

async function browseAll(
  session: ClientSession,
  nodes: readonly (NodeId | string)[],
): Promise<ReferenceDescription[][]> {
  const descriptions: BrowseDescriptionLike[] = nodes.map((nodeId) => ({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable,
    resultMask: 0x3f,
  }));
  const results = await session.browse(descriptions);
  const out: ReferenceDescription[][] = [];
  for (const r of results) {
    const refs = [...(r.references ?? [])];
    let cp = r.continuationPoint;
    while (cp && cp.length > 0) {
      const more = await session.browseNext(cp, false);
      refs.push(...(more.references ?? []));
      cp = more.continuationPoint;
    }
    out.push(refs);
  }
  return out;
}

/** Reads each variable's attributes and its EURange and EngineeringUnits properties. */
async function describe(
  session: ClientSession,
  part: readonly { ref: ReferenceDescription; path: string[] }[],
  namespaces: readonly string[],
): Promise<BrowsedVariable[]> {
  const attrs = [
    AttributeIds.DataType,
    AttributeIds.ValueRank,
    AttributeIds.UserAccessLevel,
    AttributeIds.Description,
  ];
  const values = await session.read(
    part.flatMap((f) => attrs.map((attributeId) => ({ nodeId: f.ref.nodeId, attributeId }))),
  );
  const props = await session.translateBrowsePath(
    part.flatMap((f) => [
      makeBrowsePath(f.ref.nodeId, '.EURange'),
      makeBrowsePath(f.ref.nodeId, '.EngineeringUnits'),
    ]),
  );
  const propIds = props.map((p) => p.targets?.[0]?.targetId);
  const propValues = await session.read(
    propIds.map((nodeId) => ({ nodeId: nodeId ?? 'ns=0;i=0', attributeId: AttributeIds.Value })),
  );
  const types = new Map<string, string | null>();
  const out: BrowsedVariable[] = [];
  for (const [i, f] of part.entries()) {
    const [dt, rank, access, desc] = values.slice(i * 4, i * 4 + 4).map((v) => v.value.value);
    const typeId = dt as NodeId | null;
    const typeKey = typeId ? typeId.toString() : '';
    if (!types.has(typeKey)) types.set(typeKey, typeId ? await builtIn(session, typeId) : null);
    const range = propIds[2 * i] ? (propValues[2 * i]!.value.value as Range | null) : null;
    const eu = propIds[2 * i + 1] ? (propValues[2 * i + 1]!.value.value as EuInfo | null) : null;
    const unit = eu?.displayName?.text ?? eu?.description?.text ?? undefined;
    const description = (desc as { text?: string | null } | null)?.text ?? undefined;
    out.push({
      nodeId: nodeIdText(f.ref.nodeId, namespaces),
      namespaceUri: namespaces[f.ref.nodeId.namespace] ?? '',
      browseName: f.ref.browseName.name ?? f.ref.nodeId.toString(),
      displayName: f.ref.displayName.text ?? f.ref.browseName.name ?? '',
      ...(description ? { description } : {}),
      path: f.path,
      builtInType: types.get(typeKey) ?? null,
      valueRank: typeof rank === 'number' ? rank : -1,
      ...(range && Number.isFinite(range.low) && Number.isFinite(range.high)
        ? { euRange: [range.low, range.high] as [number, number] }
        : {}),
      ...(unit ? { unit } : {}),
      writable: typeof access === 'number' && (access & CURRENT_WRITE) !== 0,
    });
  }
  return out;
}

interface Range {
  low: number;
  high: number;
}
interface EuInfo {
  displayName?: { text?: string | null };
  description?: { text?: string | null };
}

async function builtIn(session: ClientSession, typeId: NodeId): Promise<string | null> {
  try {
    const t = await findBasicDataType(session, typeId);
    return UaDataType[t] ?? null;
  } catch {
    return null;
  }
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

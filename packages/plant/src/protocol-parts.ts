// Resolves each PLC's protocol and parses its settings block and its tags' addresses with that protocol.
import type { IssuePath } from './issues.js';
import type { AnyProtocolDefinition } from './protocol.js';
import type { ResolvedPlantFile } from './defaults.js';
import type { PlcDef, StructuralPlantFile } from './schema.js';
import { zodIssueMessage, zodIssuePath } from './zod-issue.js';

export interface ProtocolIssue {
  path: IssuePath;
  message: string;
}

export interface ProtocolParts {
  issues: ProtocolIssue[];
  /** The file with PLCs resolved (protocol, parsed settings) and tag addresses parsed. */
  apply(file: StructuralPlantFile): ResolvedPlantFile;
}

/** The keys every PLC has; any other key is the protocol's settings block. */
const PLC_KEYS = new Set([
  'id',
  'description',
  'areas',
  'clockTag',
  'scanClasses',
  'protocol',
  'writeSettleMs',
]);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ResolvedPlc {
  protocol: string;
  settings: Obj;
  def: AnyProtocolDefinition | undefined;
}

/**
 * Works on the raw document, so its problems are reported together with the schema's. Without
 * `protocols` (structure only), settings blocks and addresses are kept as written, unchecked.
 */
export function parseProtocolParts(
  raw: unknown,
  protocols: readonly AnyProtocolDefinition[] | undefined,
): ProtocolParts {
  const issues: ProtocolIssue[] = [];
  const add = (path: IssuePath, message: string) => issues.push({ path, message });
  const byId = new Map((protocols ?? []).map((p) => [p.id, p] as const));
  const known = protocols ? protocols.map((p) => p.id).join(', ') : 'any';
  const doc = isObject(raw) ? raw : {};

  const resolved = new Map<string, ResolvedPlc>();
  const rawPlcs = Array.isArray(doc.plcs) ? doc.plcs : [];
  rawPlcs.forEach((p: unknown, i) => {
    if (!isObject(p)) return;
    const extras = Object.keys(p).filter((k) => !PLC_KEYS.has(k));
    const declared = typeof p.protocol === 'string' ? p.protocol : undefined;
    const protocol = declared ?? (extras.length === 1 ? extras[0] : undefined);
    if (protocol === undefined) {
      add(
        ['plcs', i],
        extras.length === 0
          ? `a PLC needs "protocol" and its settings block (protocols: ${known})`
          : `several settings blocks (${extras.join(', ')}): say which with "protocol"`,
      );
      return;
    }
    const others = extras.filter((k) => k !== protocol);
    if (others.length > 0)
      add(
        ['plcs', i],
        `unknown field${others.length > 1 ? 's' : ''} ${others.map((k) => `"${k}"`).join(', ')}`,
      );
    const def = byId.get(protocol);
    if (protocols && !def) {
      add(
        ['plcs', i, declared ? 'protocol' : protocol],
        `unknown protocol "${protocol}" (protocols: ${known})`,
      );
      return;
    }
    const block = p[protocol];
    if (block === undefined) {
      add(['plcs', i], `missing the "${protocol}" settings block`);
      return;
    }
    let settings: Obj | undefined;
    if (def) {
      const r = def.settings.safeParse(block);
      if (r.success) settings = r.data as Obj;
      else
        for (const zi of r.error.issues)
          add(['plcs', i, protocol, ...zodIssuePath(zi)], zodIssueMessage(zi));
    } else if (isObject(block)) settings = block;
    else add(['plcs', i, protocol], 'expected an object (the PLC settings block)');
    if (settings !== undefined && typeof p.id === 'string')
      resolved.set(p.id, { protocol, settings, def });
  });

  const addresses = new Map<number, Obj>();
  const rawTags = Array.isArray(doc.tags) ? doc.tags : [];
  rawTags.forEach((t: unknown, i) => {
    if (!isObject(t) || t.computed === true || !isObject(t.address)) return;
    const plc = typeof t.plc === 'string' ? resolved.get(t.plc) : undefined;
    if (!plc?.def) return;
    const r = plc.def.address.safeParse(t.address);
    if (r.success) addresses.set(i, r.data as Obj);
    else {
      add(
        ['tags', i, 'address'],
        `${String(t.plc)} speaks ${plc.def.title}: not an address of its shape`,
      );
      for (const zi of r.error.issues)
        add(['tags', i, 'address', ...zodIssuePath(zi)], zodIssueMessage(zi));
    }
  });

  return {
    issues,
    apply(file) {
      const plcs = file.plcs.map((p): PlcDef => {
        const r = resolved.get(p.id);
        if (!r) throw new Error(`${p.id}: protocol not resolved`);
        return {
          id: p.id,
          description: p.description,
          areas: p.areas,
          clockTag: p.clockTag,
          scanClasses: p.scanClasses,
          protocol: r.protocol,
          settings: r.settings,
          ...(p.writeSettleMs === undefined ? {} : { writeSettleMs: p.writeSettleMs }),
        };
      });
      const tags = file.tags.map((t, i) => {
        const address = addresses.get(i);
        return address === undefined ? t : { ...t, address };
      });
      return { ...file, plcs, tags };
    },
  };
}

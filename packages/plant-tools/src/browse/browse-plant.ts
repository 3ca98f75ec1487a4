// The variables a browse found as a plant-file document: one PLC, tags named from browse names, areas from folders.
import type { DataType } from '@zld/plant';
import { DEFAULT_AREA, idOf } from '../csv/tag-row.js';
import type { BrowsedVariable } from './walk.js';

export interface BrowsePlantOptions {
  endpointUrl: string;
  plcId: string;
  plantId: string;
  plantName: string;
  /** The PLC's namespace, when the variables share one (or the user named it). */
  namespaceUri?: string;
}

export interface BrowsedPlant {
  doc: Record<string, unknown>;
  /** What was left out or guessed, for the user. */
  notes: string[];
}

const TYPES: Readonly<Record<string, DataType>> = {
  Boolean: 'bool',
  SByte: 'int16',
  Byte: 'uint16',
  Int16: 'int16',
  UInt16: 'uint16',
  Int32: 'int32',
  UInt32: 'uint32',
  Float: 'float32',
  Double: 'float64',
};

/** Longest tag name the plant file takes. */
const NAME_MAX = 64;
/** Names JavaScript objects reserve; the plant file refuses them. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A browse name as a tag name: letters, digits and `_ - . :` (others become `_`), starting with a letter,
 * a digit or `_`, at most 64 characters.
 */
export function tagNameOf(browseName: string): string {
  const name = browseName
    .trim()
    .replace(/[^A-Za-z0-9_.:-]+/g, '_')
    .replace(/^[^A-Za-z0-9_]+|_+$/g, '')
    .slice(0, NAME_MAX - 3);
  if (name === '') return 'tag';
  return RESERVED.has(name) ? `${name}_1` : name;
}

export function browsedPlant(
  vars: readonly BrowsedVariable[],
  o: BrowsePlantOptions,
): BrowsedPlant {
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  const kept = vars.filter((v) => {
    if (v.valueRank >= 0) skip('arrays');
    else if (v.builtInType === null || !TYPES[v.builtInType]) skip(v.builtInType ?? 'structures');
    else return true;
    return false;
  });
  const prefix = commonPrefix(kept.map((v) => v.path));
  const areas = new Map<string, string>();
  const names = uniqueNames(kept);
  let noRange = 0;
  const tags = kept.map((v, i) => {
    const dataType = TYPES[v.builtInType!]!;
    const folder = v.path[prefix] ?? v.path[v.path.length - 1] ?? DEFAULT_AREA;
    const area = idOf(folder);
    if (!areas.has(area)) areas.set(area, folder);
    const range = v.euRange && v.euRange[0] < v.euRange[1] ? v.euRange : undefined;
    if (!range && dataType !== 'bool') noRange++;
    return {
      name: names[i]!,
      description: v.description ?? v.displayName,
      area,
      unit: v.unit ?? '',
      dataType,
      plc: o.plcId,
      address: { nodeId: v.nodeId },
      scanClass: 'normal',
      ...(range ? { range } : {}),
    };
  });
  const uris = [...new Set(kept.map((v) => v.namespaceUri))];
  const namespaceUri = o.namespaceUri ?? (uris.length === 1 ? uris[0] : undefined);
  const doc = {
    plant: { id: o.plantId, name: o.plantName, version: '1' },
    plcs: [
      {
        id: o.plcId,
        description: `OPC UA server at ${o.endpointUrl}`,
        areas: [...areas.keys()],
        scanClasses: { normal: { periodMs: 1000 } },
        protocol: 'opcua',
        opcua: {
          endpointUrl: o.endpointUrl,
          ...(namespaceUri !== undefined ? { namespaceUri } : {}),
          securityMode: 'None',
          securityPolicy: 'None',
        },
      },
    ],
    areas: [...areas].map(([id, name]) => ({ id, name })),
    tags,
  };
  const notes = [...skipped].map(
    ([why, n]) => `${n} variable${n === 1 ? '' : 's'} left out: ${why}`,
  );
  if (noRange > 0)
    notes.push(
      `${noRange} tag${noRange === 1 ? ' has' : 's have'} no EURange on the server: left without a range (the loader takes the data type's span); set the instrument range`,
    );
  const writable = kept.filter((v) => v.writable).length;
  if (writable > 0)
    notes.push(
      `${writable} variable${writable === 1 ? ' is' : 's are'} writable on the server; the tags are read-only until you set writable and write limits`,
    );
  return { doc, notes };
}

/** How many leading folders every path shares (the server's or device's own folder, not an area). */
function commonPrefix(paths: readonly (readonly string[])[]): number {
  const first = paths[0];
  if (!first) return 0;
  let n = 0;
  while (n < first.length && paths.every((p) => p.length > n + 1 && p[n] === first[n])) n++;
  return n;
}

/** Browse names made valid; a name two variables share gets its folder in front, then a number. */
function uniqueNames(vars: readonly BrowsedVariable[]): string[] {
  const plain = vars.map((v) => tagNameOf(v.browseName));
  const count = new Map<string, number>();
  for (const n of plain) count.set(n, (count.get(n) ?? 0) + 1);
  const taken = new Set<string>();
  return vars.map((v, i) => {
    let name = plain[i]!;
    if ((count.get(name) ?? 0) > 1 && v.path.length > 0)
      name = tagNameOf(`${tagNameOf(v.path[v.path.length - 1]!)}.${name}`);
    const base = name;
    for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  });
}

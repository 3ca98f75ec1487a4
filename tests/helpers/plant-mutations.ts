// Seeded, deterministic mutations of a plant document: deleted keys, swapped units, changed types, renamed references, duplicated items, random values.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

export interface Mutation {
  kind: MutationKind;
  /** For people: what was changed where. */
  note: string;
}

export const MUTATION_KINDS = [
  'delete-key',
  'swap-unit',
  'change-type',
  'rename-reference',
  'duplicate-item',
  'random-value',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

const UNITS = ['degC', '%', 'm', 'mm', 'L/h', 'kg/h', 'bar', '', 'pH', 'uS/cm', 'kW', 'rpm'];

/** A small seeded generator (mulberry32): the same seed, the same variants. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Leaf {
  path: Path;
  value: Json;
}

function walk(node: Json, path: Path, out: Leaf[]): void {
  out.push({ path, value: node });
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i], out));
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k], out);
}

function parentOf(doc: Json, path: Path): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let node: Json = doc;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[seg] ?? null;
  }
  return { parent: node, key: path[path.length - 1]! };
}

function set(doc: Json, path: Path, value: Json): void {
  const p = parentOf(doc, path);
  if (p && p.parent !== null && typeof p.parent === 'object')
    (p.parent as Record<string | number, Json>)[p.key] = value;
}

const show = (path: Path): string => path.join('.');

/**
 * Applies one mutation of the given kind to `doc` (changed in place) and says what it did, or answers
 * undefined when the document offers nothing for that kind.
 */
export function mutate(doc: Json, kind: MutationKind, rnd: () => number): Mutation | undefined {
  const leaves: Leaf[] = [];
  walk(doc, [], leaves);
  const pick = <T>(list: readonly T[]): T | undefined =>
    list.length === 0 ? undefined : list[Math.floor(rnd() * list.length)];
  const names = leaves
    .filter((l) => {
      const last = l.path[l.path.length - 1];
      return typeof l.value === 'string' && (last === 'name' || last === 'id');
    })
    .map((l) => l.value as string);

  switch (kind) {
    case 'delete-key': {
      const l = pick(leaves.filter((x) => typeof x.path[x.path.length - 1] === 'string'));
      const p = l && parentOf(doc, l.path);
      if (!l || !p || p.parent === null || typeof p.parent !== 'object') return undefined;
      delete (p.parent as Record<string, Json>)[p.key as string];
      return { kind, note: `deleted ${show(l.path)}` };
    }
    case 'swap-unit': {
      // Half the time a tag something else reads (a balance, a loop, an equipment...): where units matter.
      const referenced = new Set(
        leaves
          .filter((x) => typeof x.value === 'string' && x.path[x.path.length - 1] !== 'name')
          .map((x) => x.value as string),
      );
      const units = leaves.filter((x) => x.path[x.path.length - 1] === 'unit');
      const read = units.filter((x) => {
        const owner = parentOf(doc, x.path)?.parent as Record<string, Json> | null | undefined;
        return typeof owner?.name === 'string' && referenced.has(owner.name);
      });
      const l = pick(rnd() < 0.5 && read.length > 0 ? read : units);
      if (!l) return undefined;
      const unit = pick(UNITS)!;
      set(doc, l.path, unit);
      return {
        kind,
        note: `${show(l.path)}: ${JSON.stringify(l.value)} -> ${JSON.stringify(unit)}`,
      };
    }
    case 'change-type': {
      const l = pick(leaves.filter((x) => x.path.length > 0));
      if (!l) return undefined;
      const choices: Json[] = ['text', 7, -1.5, true, false, null, [], {}, [1, 2]];
      const v = pick(choices.filter((c) => typeof c !== typeof l.value))!;
      set(doc, l.path, v);
      return { kind, note: `${show(l.path)}: ${JSON.stringify(v)}` };
    }
    case 'rename-reference': {
      const known = new Set(names);
      const l = pick(leaves.filter((x) => typeof x.value === 'string' && known.has(x.value)));
      if (!l) return undefined;
      const to = rnd() < 0.7 ? pick(names)! : `${String(l.value)}X`;
      set(doc, l.path, to);
      return { kind, note: `${show(l.path)}: ${String(l.value)} -> ${to}` };
    }
    case 'duplicate-item': {
      const l = pick(leaves.filter((x) => Array.isArray(x.value) && x.value.length > 0));
      if (!l) return undefined;
      const list = l.value as Json[];
      const i = Math.floor(rnd() * list.length);
      list.splice(i, 0, structuredClone(list[i]!));
      return { kind, note: `duplicated ${show(l.path)}[${i}]` };
    }
    case 'random-value': {
      const l = pick(leaves.filter((x) => typeof x.value === 'number'));
      if (!l) return undefined;
      const v = pick([0, -1, 1, 0.5, 1e9, -1e9, Math.round(rnd() * 2000 - 1000), rnd() * 10])!;
      set(doc, l.path, v);
      return { kind, note: `${show(l.path)}: ${String(l.value)} -> ${v}` };
    }
  }
}

/** `count` variants of `doc`, each with one mutation (a quarter with two); the same seed gives the same list. */
export function plantVariants(
  doc: Json,
  count: number,
  seed: number,
): { doc: Json; mutations: Mutation[] }[] {
  const rnd = seededRandom(seed);
  const out: { doc: Json; mutations: Mutation[] }[] = [];
  for (let n = 0; n < count; n++) {
    const copy = structuredClone(doc);
    const mutations: Mutation[] = [];
    const k = rnd() < 0.75 ? 1 : 2;
    for (let j = 0; j < k; j++) {
      const kind = MUTATION_KINDS[(n + j) % MUTATION_KINDS.length]!;
      const m = mutate(copy, kind, rnd);
      if (m) mutations.push(m);
    }
    out.push({ doc: copy, mutations });
  }
  return out;
}

export type { Json as PlantJson };

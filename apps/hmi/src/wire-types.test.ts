// The HMI declares no copy of a wire type: every shape and enum the gateway sends comes from @zld/api's schemas.
/// <reference types="node" />
import { API_ROUTES, SOCKET_EVENT_SCHEMAS } from '@zld/api';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Wire {
  /** Field names of every object shape on the wire (3 fields or more), by where it sits. */
  objects: Map<string, Set<string>>;
  /** Every string enum on the wire (3 values or more). */
  enums: Map<string, Set<string>>;
}

function collect(schema: unknown, where: string, wire: Wire): void {
  if (Array.isArray(schema)) return schema.forEach((s, i) => collect(s, `${where}/${i}`, wire));
  if (typeof schema !== 'object' || schema === null) return;
  const o = schema as Record<string, unknown>;
  if (typeof o.properties === 'object' && o.properties !== null) {
    const names = Object.keys(o.properties);
    if (names.length >= 3) wire.objects.set(where, new Set(names));
  }
  if (Array.isArray(o.enum)) {
    const values = o.enum.filter((v): v is string => typeof v === 'string');
    if (values.length >= 3) wire.enums.set(where, new Set(values));
  }
  for (const [k, v] of Object.entries(o)) collect(v, `${where}/${k}`, wire);
}

function wireShapes(): Wire {
  const wire: Wire = { objects: new Map(), enums: new Map() };
  for (const [name, route] of Object.entries(API_ROUTES)) collect(route.schema, name, wire);
  for (const [name, schema] of Object.entries(SOCKET_EVENT_SCHEMAS)) collect(schema, name, wire);
  return wire;
}

/** Declarations in `source` that copy a wire type by hand, each as a line for people. */
function wireCopies(source: string, wire: Wire): string[] {
  const found: string[] = [];
  // (a) A DTO of its own.
  for (const m of source.matchAll(
    /^\s*(?:export\s+)?(?:interface\s+(\w+Dto)\b|type\s+(\w+Dto)\s*(?:<[^>]*>)?\s*=)/gm,
  ))
    found.push(`${m[1] ?? m[2]}: declares a DTO (import it from @zld/api)`);
  // (b) An object type whose fields are those of a wire object (6 or more, at least 80 % of them).
  for (const m of source.matchAll(
    /(?:interface\s+(\w+)[^{=]*|type\s+(\w+)\s*=\s*)\{([^]*?)\n\}/g,
  )) {
    const fields = [...m[3]!.matchAll(/^ {2}(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*:/gm)].map(
      (f) => f[1]!,
    );
    for (const [where, names] of wire.objects) {
      const shared = fields.filter((f) => names.has(f)).length;
      if (shared >= 6 && shared >= 0.8 * fields.length) {
        found.push(
          `${m[1] ?? m[2]}: ${shared} of its ${fields.length} fields are those of ${where}`,
        );
        break;
      }
    }
  }
  // (c) A wire enum spelled out again: a union of 3 or more string literals, all values of one wire enum.
  for (const m of source.matchAll(/'[^'\n]*'(?:\s*\|\s*'[^'\n]*')+/g)) {
    const values = [...m[0].matchAll(/'([^'\n]*)'/g)].map((v) => v[1]!);
    if (values.length < 3) continue;
    for (const [where, names] of wire.enums)
      if (values.every((v) => names.has(v))) {
        found.push(`${m[0]}: the values of ${where}`);
        break;
      }
  }
  return found;
}

const wire = wireShapes();
const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.tsx?$/.test(f) && !/\.(test|fixture)\.tsx?$/.test(f))
  .sort();

describe('wire types in the HMI', () => {
  it('finds the wire shapes and enums to compare with', () => {
    expect(wire.objects.size).toBeGreaterThan(30);
    expect([...wire.enums.values()].some((e) => e.has('Unack-Active'))).toBe(true);
    expect(sources).toContain('App.tsx');
  });

  it('spots a hand-written mirror of a wire type (as the HMI once had)', () => {
    const mirror = `
export type AlarmStateName = 'Normal' | 'Unack-Active' | 'Ack-Active' | 'RTN-Unack';
export interface AlarmRow {
  id: string;
  tag: string;
  message: string;
  priority: Priority;
  state: AlarmStateName;
  active: boolean;
  acked: boolean;
  shelving?: string;
}
interface HistoryPointDto {
  ts: string | number;
}
`;
    expect(wireCopies(mirror, wire)).toEqual([
      'HistoryPointDto: declares a DTO (import it from @zld/api)',
      expect.stringMatching(/^AlarmRow: 8 of its 8 fields are those of alarms\//),
      expect.stringMatching(/^'Normal' \| 'Unack-Active' .*: the values of /),
    ]);
    // A display's own model that takes a few fields of a wire object is not a copy.
    const view = `
interface Flow {
  id: string;
  label: string;
  kgH: number | null;
  quality: Quality;
  estimate: boolean;
}`;
    expect(wireCopies(view, wire)).toEqual([]);
  });

  it.each(sources)('%s declares no copy of a wire type', (file) => {
    expect(wireCopies(readFileSync(new URL(file, dir), 'utf8'), wire)).toEqual([]);
  });
});

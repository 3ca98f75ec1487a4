// What is wrong with a plant file: one issue per bad field, with its path and a plain message.

export type IssuePath = readonly (string | number)[];

export interface PlantIssue {
  /** Path of the bad field in the file, e.g. ["tags", 12, "alarms", "HH", "limit"]. */
  path: IssuePath;
  /** The same path for people: `tags[FT-001].alarms.HH.limit`. */
  where: string;
  message: string;
  /** 1-based line in the source file, where known. */
  line?: number;
}

export class PlantDefinitionError extends Error {
  readonly issues: readonly PlantIssue[];
  readonly source: string;

  constructor(source: string, issues: readonly PlantIssue[]) {
    const lines = issues.map(
      (i) => `  - ${i.where}${i.line !== undefined ? ` (line ${i.line})` : ''}: ${i.message}`,
    );
    super(
      `Plant definition ${source} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'PlantDefinitionError';
    this.issues = issues;
    this.source = source;
  }
}

/** Formats a path, naming list items by their `name` or `id` where the document has one. */
export function formatPath(path: IssuePath, doc: unknown): string {
  let out = '';
  let node: unknown = doc;
  for (const seg of path) {
    if (typeof seg === 'number') {
      const item: unknown = Array.isArray(node) ? node[seg] : undefined;
      const label = labelOf(item);
      out += label !== undefined ? `[${label}]` : `[${seg}]`;
      node = item;
    } else {
      out += out === '' ? seg : `.${seg}`;
      node =
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[seg]
          : undefined;
    }
  }
  return out === '' ? '(file)' : out;
}

function labelOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const rec = item as Record<string, unknown>;
  for (const key of ['name', 'id', 'tank']) {
    const v = rec[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

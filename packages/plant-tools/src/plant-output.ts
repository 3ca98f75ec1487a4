// A generated plant file: written as YAML, checked by the loader with every protocol, and only then saved.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { PlantDefinitionError, type PlantIssue } from '@zld/plant';
import { parsePlantText } from '@zld/protocols';
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';

/** Collections of scalars short enough read best on one line: `range: [0, 100]`, `address: { table: holding, address: 4 }`. */
const FLOW_MAX_CHARS = 60;

/** The plant file's text: a comment saying where it came from, then the document. */
export function plantYaml(doc: Record<string, unknown>, origin: string): string {
  const d = new Document(doc, { aliasDuplicateObjects: false });
  d.commentBefore = ` ${origin}\n Check it with: npm run plant -- check <this file>`;
  const short = (node: unknown): boolean => {
    if (isScalar(node)) return String(node.value).length < FLOW_MAX_CHARS;
    if (isSeq(node)) return node.items.every(short) && chars(node) < FLOW_MAX_CHARS;
    if (isMap(node)) return node.items.every((p) => short(p.value)) && chars(node) < FLOW_MAX_CHARS;
    return false;
  };
  visit(d, {
    Map(_, node) {
      if (node !== d.contents && short(node)) node.flow = true;
    },
    Seq(_, node) {
      if (short(node)) node.flow = true;
    },
  });
  return d.toString({ lineWidth: 120, flowCollectionPadding: false, singleQuote: true });
}

function chars(node: unknown): number {
  return JSON.stringify(node).length;
}

/** What the loader says of the text: its errors (none: it loads) and its warnings. */
export interface LoaderVerdict {
  errors: PlantIssue[];
  warnings: PlantIssue[];
}

export function loaderVerdict(text: string, source: string): LoaderVerdict {
  try {
    const plant = parsePlantText(text, { source });
    return { errors: [], warnings: [...plant.warnings] };
  } catch (err) {
    if (err instanceof PlantDefinitionError) return { errors: [...err.issues], warnings: [] };
    throw err;
  }
}

/** Every error the loader finds in the text (none: it loads). */
export function loaderIssues(text: string, source: string): PlantIssue[] {
  return loaderVerdict(text, source).errors;
}

/** The first warnings as lines, and how many more `check` would list. */
export function warningLines(lines: readonly string[], file: string, max = 10): string {
  const shown = lines.slice(0, max).map((l) => `  ${l}\n`);
  const more = lines.length - shown.length;
  return `${shown.join('')}${more > 0 ? `  ... and ${more} more warnings (npm run plant -- check ${file} lists them all)\n` : ''}`;
}

/**
 * Writes `text` to `file`, never over an existing file unless `force` (the text goes to a temporary file
 * beside it first, so a failed write leaves the old one whole).
 */
export function saveFile(file: string, text: string, force: boolean): void {
  if (!force && existsSync(file)) throw new Error(`${file} exists; add --force to replace it`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { flag: 'wx' });
  renameSync(tmp, file);
}

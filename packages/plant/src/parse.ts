// Parses plant-file text (YAML or JSON), validates it and returns the typed plant, or throws every problem at once.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath, PlantDefinitionError, type IssuePath, type PlantIssue } from './issues.js';
import { withDefaults } from './defaults.js';
import { lintPlant } from './lint.js';
import { buildPlant, type Plant } from './model.js';
import type { AnyProtocolDefinition } from './protocol.js';
import { parseProtocolParts } from './protocol-parts.js';
import { plantFile } from './schema.js';
import { validatePlant } from './validate.js';
import { zodIssueMessage, zodIssuePath } from './zod-issue.js';

export interface ParseOptions {
  /** Names the file in messages (default "plant file"). */
  source?: string;
  /**
   * The protocols PLCs may speak; each checks its settings blocks and its tags' addresses. Without
   * them the file's structure is checked but settings and addresses are kept as written: for code that
   * never talks to a PLC (alarm engine, water balance). What talks to PLCs loads with the protocols.
   */
  protocols?: readonly AnyProtocolDefinition[];
}

/**
 * Parses and validates plant-file text, or throws PlantDefinitionError with every problem at once. What is
 * allowed but unusual (names not in the ISA-5.1 form...) comes back as the plant's `warnings`.
 */
export function parsePlant(text: string, options: ParseOptions = {}): Plant {
  const source = options.source ?? 'plant file';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PlantDefinitionError(
      source,
      doc.errors.map((e) => ({
        path: [],
        where: '(syntax)',
        message: e.message.split('\n')[0] ?? e.message,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    );
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: IssuePath): number | undefined => findLine(doc, lineCounter, path);
  const issue = (path: IssuePath, message: string): PlantIssue => {
    const line = lineOf(path);
    return { path, where: formatPath(path, raw), message, ...(line !== undefined ? { line } : {}) };
  };
  const result = plantFile.safeParse(raw);
  const parts = parseProtocolParts(raw, options.protocols);
  const early = [
    ...(result.success
      ? []
      : result.error.issues.map((i) => issue(zodIssuePath(i), zodIssueMessage(i)))),
    ...parts.issues.map((i) => issue(i.path, i.message)),
  ];
  if (!result.success || early.length > 0) throw new PlantDefinitionError(source, early);
  const resolved = parts.apply(result.data);
  const file = withDefaults(resolved);
  const issues = validatePlant(file, options.protocols);
  if (issues.length > 0)
    throw new PlantDefinitionError(
      source,
      issues.map((i) => issue(i.path, i.message)),
    );
  return buildPlant(
    file,
    lintPlant(resolved).map((i) => issue(i.path, i.message)),
  );
}

/** The 1-based line of the node at `path` (or of its nearest parent that has one). */
export function findLine(doc: Document, lc: LineCounter, path: IssuePath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

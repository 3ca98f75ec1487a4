// Parses plant-file text (YAML or JSON), validates it and returns the typed plant, or throws every problem at once.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, PlantDefinitionError, type IssuePath, type PlantIssue } from './issues.js';
import { buildPlant, type Plant } from './model.js';
import { plantFile } from './schema.js';
import { validatePlant } from './validate.js';

/** Parses and validates plant-file text. `source` names the file in messages. */
export function parsePlant(text: string, source = 'plant file'): Plant {
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
  const result = plantFile.safeParse(raw);
  const lineOf = (path: IssuePath): number | undefined => findLine(doc, lineCounter, path);
  if (!result.success) {
    throw new PlantDefinitionError(
      source,
      result.error.issues.map((i) => fromZod(i, raw, lineOf)),
    );
  }
  const issues = validatePlant(result.data);
  if (issues.length > 0) {
    throw new PlantDefinitionError(
      source,
      issues.map((i) => {
        const line = lineOf(i.path);
        return {
          path: i.path,
          where: formatPath(i.path, raw),
          message: i.message,
          ...(line !== undefined ? { line } : {}),
        };
      }),
    );
  }
  return buildPlant(result.data);
}

function fromZod(
  i: z.core.$ZodIssue,
  raw: unknown,
  lineOf: (p: IssuePath) => number | undefined,
): PlantIssue {
  const path = i.path.filter((s): s is string | number => typeof s !== 'symbol');
  let message = i.message;
  if (i.code === 'unrecognized_keys')
    message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  else if (i.code === 'invalid_type' && /received undefined/.test(i.message))
    message = `missing (expected ${i.expected})`;
  else if (i.code === 'invalid_union') message = `${message}: none of the allowed shapes fits`;
  const line = lineOf(path);
  return { path, where: formatPath(path, raw), message, ...(line !== undefined ? { line } : {}) };
}

function findLine(doc: Document, lc: LineCounter, path: IssuePath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

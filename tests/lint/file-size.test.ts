// No source file over 400 lines: a file that long is usually two ideas (the style guide's rule of thumb).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|js|mjs|cjs|css)$/;
const SKIP = new Set(['node_modules', 'dist', 'data', 'coverage', 'artifacts', 'results', '.git']);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* sources(path);
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) yield path;
  }
}

describe('source files', () => {
  it(`stay under ${MAX_LINES} lines`, () => {
    const long: string[] = [];
    for (const top of ['packages', 'apps', 'simulators', 'tests', 'scripts'])
      for (const file of sources(join(ROOT, top))) {
        const lines = readFileSync(file, 'utf8').split('\n').length - 1;
        if (lines > MAX_LINES) long.push(`${relative(ROOT, file)}: ${lines} lines`);
      }
    expect(long).toEqual([]);
  });
});

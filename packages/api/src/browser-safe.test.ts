// The package is imported by the HMI bundle: no Node built-ins, and only type imports of other workspaces.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('packages/api is browser-safe', () => {
  it.each(sources)('%s imports no Node module and no runtime code of another workspace', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const imports = [...text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)];
    for (const [line, , typeOnly, from] of imports) {
      expect(from, line).not.toMatch(/^node:/);
      if (!from!.startsWith('./')) expect(typeOnly, `${file}: ${line}`).toBeDefined();
    }
    expect(text).not.toMatch(/\bprocess\.|\brequire\(|\bBuffer\b/);
  });
});

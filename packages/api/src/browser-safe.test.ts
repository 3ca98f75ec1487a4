// The package is imported by the HMI bundle: no Node built-ins, and at run time only TypeBox and the browser-safe
// constants of plant, tags and alarms (everything else of another workspace as type imports).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();

/** Runtime imports allowed beside relative ones. */
const BROWSER_SAFE = [
  /^@sinclair\/typebox(\/(value|errors))?$/,
  /^@zld\/alarms\/constants$/,
  /^@zld\/plant\/constants$/,
  /^@zld\/tags\/quality$/,
];

describe('packages/api is browser-safe', () => {
  it('finds the sources, in sub-folders too', () => {
    expect(sources).toContain('index.ts');
    expect(sources.some((f) => f.includes('/'))).toBe(true);
  });

  it.each(sources)('%s imports no Node module and no Node-only code', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const imports = [...text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)];
    for (const [line, , typeOnly, from] of imports) {
      expect(from, line).not.toMatch(/^node:/);
      if (from!.startsWith('./') || from!.startsWith('../') || typeOnly !== undefined) continue;
      expect(
        BROWSER_SAFE.some((ok) => ok.test(from!)),
        `${file}: ${line}`,
      ).toBe(true);
    }
    for (const [call, from] of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g))
      expect(
        from!.startsWith('.') || BROWSER_SAFE.some((ok) => ok.test(from!)),
        `${file}: ${call}`,
      ).toBe(true);
    for (const [call, from] of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g))
      expect(
        from!.startsWith('.') || BROWSER_SAFE.some((ok) => ok.test(from!)),
        `${file}: ${call}`,
      ).toBe(true);
    expect(text).not.toMatch(/\bprocess\.|\brequire\(|\bBuffer\b/);
  });

  it('imports no TypeBox compiler (it evaluates code: the HMI forbids eval)', () => {
    for (const file of sources)
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/typebox\/compiler/);
  });
});

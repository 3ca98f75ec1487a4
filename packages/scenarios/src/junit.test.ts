import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.js';
import type { ScenarioResult } from './player.js';

const XSD = fileURLToPath(new URL('../junit/junit.xsd', import.meta.url));

/** Validates with libxml2's xmllint (Debian's libxml2-utils), a validator we did not write. */
function validate(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  const file = join(dir, 'out.xml');
  writeFileSync(file, xml);
  return execFileSync('xmllint', ['--noout', '--schema', XSD, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const passed: ScenarioResult = {
  name: 'outfall-left-open',
  source: 'library/outfall-left-open.yaml',
  ok: true,
  plantS: 1205,
  wallMs: 21_300,
  steps: [
    {
      index: 0,
      label: 'inject outfall-open on XV-901 at 05m 00s',
      ok: true,
      message: 'booked as F-1',
      atS: 300,
    },
  ],
  expectations: [
    {
      index: 0,
      label: 'ZLD-DISCHARGE active within 01m 00s after 05m 00s',
      ok: true,
      expected: 'x',
      seen: 'active at 05m 01s',
      atS: 301,
    },
  ],
};
const failed: ScenarioResult = {
  name: 'odd <names> & "quotes"',
  source: 'x.yaml',
  ok: false,
  plantS: 600,
  wallMs: 900,
  steps: [],
  expectations: [
    {
      index: 0,
      label: 'LIC-402 within [40, 60] at 10m 00s',
      ok: false,
      expected: 'LIC-402 within [40, 60]',
      seen: '72.5 at 10m 00s \u0001',
      atS: 600,
    },
  ],
  error: 'Error: stack <trace>',
};

describe('JUnit XML', () => {
  it('validates against the common JUnit schema, with failures, errors and odd characters', () => {
    const xml = junitXml([passed, failed], new Date('2026-12-07T10:00:00Z'));
    expect(validate(xml)).toBe('');
    expect(xml).toContain('<testsuites name="scenarios" tests="4" failures="1" errors="1"');
    expect(xml).toContain(
      '<failure message="expected LIC-402 within [40, 60]; seen 72.5 at 10m 00s " type="expectation">',
    );
    expect(xml).toContain('name="odd &lt;names&gt; &amp; &quot;quotes&quot;"');
  });

  it('the schema is strict enough to refuse what CI readers would not take', () => {
    const broken = junitXml([passed]).replace('tests="2"', 'tests="two"');
    expect(() => validate(broken)).toThrow(/tests/);
    expect(() => validate('<testsuites><testcase name="x"/></testsuites>')).toThrow();
  });
});

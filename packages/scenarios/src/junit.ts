// JUnit XML of scenario results (the common schema CI systems read): a suite per scenario, a case per step and expectation.
import { formatPlantTime as fmt } from './duration.js';
import type { ScenarioResult } from './player.js';

const esc = (s: string) =>
  s
    // XML 1.0 has no place for most control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface Case {
  name: string;
  ok: boolean;
  message: string;
  detail: string;
}

function casesOf(r: ScenarioResult): Case[] {
  const cases: Case[] = [];
  for (const s of r.steps)
    cases.push({
      name: `step at ${fmt(s.atS)}: ${s.label}`,
      ok: s.ok,
      message: s.message,
      detail: `${s.label}: ${s.message} (plant time ${fmt(s.atS)})`,
    });
  for (const e of r.expectations)
    cases.push({
      name: `expect: ${e.label}`,
      ok: e.ok,
      message: `expected ${e.expected}; seen ${e.seen}`,
      detail: `expected ${e.expected}\nseen ${e.seen}\ndecided at plant time ${fmt(e.atS)}`,
    });
  return cases;
}

/** The results as one JUnit XML document; `timestamp` is the wall-clock start of the run. */
export function junitXml(results: readonly ScenarioResult[], timestamp = new Date()): string {
  const stamp = timestamp.toISOString().slice(0, 19);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  results.forEach((r, id) => {
    const cases = casesOf(r);
    const failed = cases.filter((c) => !c.ok).length;
    const errored = r.error !== undefined ? 1 : 0;
    const n = cases.length + errored;
    tests += n;
    failures += failed;
    errors += errored;
    const secs = r.wallMs / 1000;
    time += secs;
    const body = cases.map((c) => {
      const head = `    <testcase name="${esc(c.name)}" classname="${esc(r.name)}" time="0">`;
      if (c.ok) return `${head}</testcase>`;
      return `${head}\n      <failure message="${esc(c.message)}" type="expectation">${esc(c.detail)}</failure>\n    </testcase>`;
    });
    if (r.error !== undefined)
      body.push(
        `    <testcase name="run" classname="${esc(r.name)}" time="0">\n      <error message="the scenario could not run" type="error">${esc(r.error)}</error>\n    </testcase>`,
      );
    suites.push(
      [
        `  <testsuite name="${esc(r.name)}" tests="${n}" failures="${failed}" errors="${errored}" skipped="0" time="${secs.toFixed(3)}" timestamp="${stamp}" hostname="localhost" id="${id}" package="scenarios">`,
        `    <properties>\n      <property name="file" value="${esc(r.source)}"/>\n      <property name="plantSeconds" value="${r.plantS}"/>\n    </properties>`,
        ...body,
        '    <system-out></system-out>\n    <system-err></system-err>',
        '  </testsuite>',
      ].join('\n'),
    );
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scenarios" tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

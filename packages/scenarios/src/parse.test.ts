import { loadPlant } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioDefinitionError } from './parse.js';

const plants = new Map([['pilot', loadPlant()]]);
const parse = (text: string) => parseScenario(text, { source: 'test.yaml', plants });

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioDefinitionError);
    return (err as ScenarioDefinitionError).issues.map(
      (i) => `${i.line ?? '-'} ${i.where}: ${i.message}`,
    );
  }
  throw new Error('the scenario was accepted');
}

describe('scenario files', () => {
  it('reads a valid scenario with durations in seconds', () => {
    const s = parse(`
scenario: ok
steps:
  - at: 5m
    inject: { kind: leak, target: TK-402, magnitude: 5, duration: 1h }
    name: leak
  - at: 1h30m
    clear: leak
expect:
  - alarm: FY-914.H
    after: 5m
    within: 90m
`);
    expect(s.file.steps![0]).toMatchObject({ at: 300, inject: { duration: 3600 } });
    expect(s.durationS).toBe(300 + 5400 + 60);
  });

  it('lists every problem at once, each with its line', () => {
    const list = problems(`scenario: bad
steps:
  - at: soon
    inject: { kind: flood, target: TK-402 }
  - at: 1m
    write: { tag: XV-901.CMD, value: true, as: janitor }
expect:
  - alarm: FY-914.H
    within: 5m
    colour: red
`);
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.join('\n')).toMatch(/^3 steps\[0\]\.at: a duration/m);
    expect(list.join('\n')).toMatch(/^4 steps\[0\]\.inject\.kind: /m);
    expect(list.join('\n')).toMatch(/^6 steps\[1\]\.write\.as: /m);
    expect(list.join('\n')).toMatch(/^8 expect\[0\]: unknown field "colour"/m);
  });

  it('checks names against the plant: tags, alarms, balance windows, fault names', () => {
    const list = problems(`scenario: names
steps:
  - at: 1m
    write: { tag: XV-999.CMD, value: true, as: operator }
  - at: 2m
    clear: never-injected
  - at: 3m
    ack: NO-SUCH.H
    as: operator
expect:
  - alarm: FY-999.H
    within: 5m
  - tag: LIC-402
    between: [60, 40]
    at: 5m
  - balance: 2h
    residual: positive
    at: 1h
  - noAlarm: { ids: [ZLD-NOPE] }
`);
    const text = list.join('\n');
    expect(text).toMatch(/^4 steps\[0\]\.write\.tag: no tag XV-999\.CMD/m);
    expect(text).toMatch(/^6 steps\[1\]\.clear: no fault named never-injected/m);
    expect(text).toMatch(/^8 steps\[2\]\.ack: no alarm NO-SUCH\.H/m);
    expect(text).toMatch(/expect\[0\]\.alarm: no alarm FY-999\.H/);
    expect(text).toMatch(/expect\[1\]\.between: between \[lo, hi\]/);
    expect(text).toMatch(/expect\[2\]\.balance: no balance window 2h \(5m, 1h, 24h\)/);
    expect(text).toMatch(/expect\[3\]\.noAlarm\.ids\[0\]: no alarm ZLD-NOPE/);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems('scenario: x\nexpect:\n  - alarm: [unclosed\n')[0]).toMatch(/^\d+ \(syntax\)/);
  });

  it('keeps protocol faults, speed and gateway alarms to the sockets engine', () => {
    const text = problems(`scenario: engines
speed: 10
steps:
  - at: 1m
    inject: { kind: plc-offline, target: PLC-300 }
expect:
  - alarm: PLC-300.COMM
    within: 2m
`).join('\n');
    expect(text).toMatch(/^2 speed: speed goes with engine: sockets/m);
    expect(text).toMatch(
      /^5 steps\[0\]\.inject\.kind: plc-offline is a protocol fault: it needs engine: sockets/m,
    );
    expect(text).toMatch(/expect\[0\]\.alarm: no alarm PLC-300\.COMM/);
    const s = parse(`scenario: engines
engine: sockets
speed: 10
steps:
  - at: 1m
    inject: { kind: plc-offline, target: PLC-300 }
expect:
  - alarm: PLC-300.COMM
    within: 2m
`);
    expect(s.file.engine).toBe('sockets');
  });
});

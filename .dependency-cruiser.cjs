// The layer rules of the README's layout table, checked by `npm run lint` (dependency-cruiser).
// Paths are matched anywhere in a path (`(^|/)packages/alarms/`), so the fixture tree under
// tests/lint/fixtures (a few deliberate violations) is judged by the same rules as the real one;
// `npm run lint` leaves it out, tests/lint/layers.test.ts checks that it is caught.

/** `(^|/)<path>` for each workspace. */
const ws = {
  plant: '(^|/)packages/plant/',
  tags: '(^|/)packages/tags/',
  api: '(^|/)packages/api/',
  alarms: '(^|/)packages/alarms/',
  balance: '(^|/)packages/water-balance/',
  historian: '(^|/)packages/historian/',
  protocols: '(^|/)packages/protocols/',
  plantTools: '(^|/)packages/plant-tools/',
  scenarios: '(^|/)packages/scenarios/',
  testkit: '(^|/)packages/testkit/',
  simulators: '(^|/)simulators/',
  gateway: '(^|/)apps/gateway/',
  hmi: '(^|/)apps/hmi/',
  tests: '^tests/(?!lint/fixtures/)',
};
const any = (...names) => names.map((n) => ws[n]).join('|');
const ALL = Object.keys(ws);
const except = (...allowed) => any(...ALL.filter((n) => !allowed.includes(n)));

/** Test code: unit tests, fixtures and the tests workspace may use anything below them. */
const TEST =
  '\\.(test|fixture)\\.tsx?$|^tests/(?!lint/fixtures/)|(^|/)packages/testkit/|(^|/)bench/';

/** Which workspaces each workspace may import (the README's layout table). */
const LAYERS = [
  ['plant', []],
  ['tags', ['plant']],
  ['api', ['plant', 'tags', 'alarms']],
  ['alarms', ['plant', 'tags']],
  ['balance', ['plant', 'tags']],
  ['historian', ['plant', 'tags']],
  ['protocols', ['plant', 'tags']],
  ['plantTools', ['plant', 'tags', 'protocols']],
  ['simulators', ['plant', 'tags', 'protocols']],
  ['gateway', ['plant', 'tags', 'api', 'alarms', 'balance', 'historian', 'protocols']],
  ['hmi', ['api']],
  [
    'scenarios',
    [
      'plant',
      'tags',
      'api',
      'alarms',
      'balance',
      'historian',
      'protocols',
      'simulators',
      'gateway',
    ],
  ],
];

/** Folders whose code is pure: no sockets, files, processes or databases (time and values come in). */
const PURE = [
  '(^|/)packages/plant/src/(?!load\\.ts$)',
  '(^|/)packages/tags/src/',
  '(^|/)packages/alarms/src/',
  '(^|/)packages/water-balance/src/',
  '(^|/)simulators/src/models/',
  '(^|/)simulators/src/plant/',
].join('|');

/** Within a workspace, lower folders never import higher ones: [from, may not import]. */
const INSIDE = [
  // protocols: the kernel knows no protocol; a protocol knows no other one.
  ['(^|/)packages/protocols/src/kernel/', '(^|/)packages/protocols/src/(?!kernel/)'],
  [
    '(^|/)packages/protocols/src/modbus/',
    '(^|/)packages/protocols/src/(opcua|loopback)/|(^|/)packages/protocols/src/(protocols|index)\\.ts$',
  ],
  [
    '(^|/)packages/protocols/src/opcua/',
    '(^|/)packages/protocols/src/(modbus|loopback)/|(^|/)packages/protocols/src/(protocols|index)\\.ts$',
  ],
  [
    '(^|/)packages/protocols/src/loopback/',
    '(^|/)packages/protocols/src/(modbus|opcua)/|(^|/)packages/protocols/src/(protocols|index)\\.ts$',
  ],
  // simulators: models < plant < core < control < app < main.
  [
    '(^|/)simulators/src/models/',
    '(^|/)simulators/src/(plant|core|control|app|bench)/|(^|/)simulators/src/(main|index)\\.ts$',
  ],
  [
    '(^|/)simulators/src/plant/',
    '(^|/)simulators/src/(control|app|bench)/|(^|/)simulators/src/(main|index)\\.ts$',
  ],
  [
    '(^|/)simulators/src/core/',
    '(^|/)simulators/src/(plant|control|app|bench)/|(^|/)simulators/src/(main|index)\\.ts$',
  ],
  [
    '(^|/)simulators/src/control/',
    '(^|/)simulators/src/(plant|app|bench)/|(^|/)simulators/src/(main|index)\\.ts$',
  ],
  ['(^|/)simulators/src/app/', '(^|/)simulators/src/(main|index)\\.ts$'],
  // gateway: features over the http kernel and the runtime; audit below security; nothing imports the entries.
  ['(^|/)apps/gateway/src/', '(^|/)apps/gateway/src/(main|index)\\.ts$'],
  ['(^|/)apps/gateway/src/http/', '(^|/)apps/gateway/src/(?!http/)'],
  ['(^|/)apps/gateway/src/runtime/', '(^|/)apps/gateway/src/(?!runtime/)'],
  ['(^|/)apps/gateway/src/audit/', '(^|/)apps/gateway/src/(?!audit/|http/)'],
  // hmi: the API client and the models know no screen.
  ['(^|/)apps/hmi/src/(api|model)/', '(^|/)apps/hmi/src/(screens|ui|replay|live|session)/'],
];

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A module must not import itself back through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    ...LAYERS.map(([name, allowed]) => ({
      name: `layer-${name}`,
      severity: 'error',
      comment: `${name} may import only ${allowed.join(', ') || 'no other workspace'} (README layout table).`,
      from: { path: ws[name], pathNot: TEST },
      to: {
        path: except(name, ...allowed),
        ...(name === 'hmi' ? { dependencyTypesNot: ['type-only'] } : {}),
      },
    })),
    {
      name: 'hmi-types-only',
      severity: 'error',
      comment: 'The HMI takes only types from plant and tags; their code is not for the browser.',
      from: { path: ws.hmi, pathNot: TEST },
      to: { path: any('plant', 'tags'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-no-io',
      severity: 'error',
      comment:
        'Pure code touches no socket, file, process or database: time and values are passed in.',
      from: { path: PURE, pathNot: TEST },
      to: {
        dependencyTypes: ['core', 'npm'],
        pathNot: '^(zod|yaml)$|(^|/)node_modules/(zod|yaml)/',
      },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      comment: 'Product code imports no fixture, test kit or test runner.',
      from: { pathNot: TEST },
      to: {
        path: `\\.(test|fixture)\\.tsx?$|${ws.testkit}|${ws.tests}|(^|/)node_modules/(vitest|fast-check)/`,
      },
    },
    ...INSIDE.map(([from, to], i) => ({
      name: `inside-${i + 1}`,
      severity: 'error',
      comment:
        'Inside a workspace, a lower folder does not import a higher one (README of the workspace).',
      from: { path: from, pathNot: TEST },
      to: { path: to },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The fixture tree breaks the rules on purpose: tests/lint/layers.test.ts cruises it with its own --exclude.
    exclude: { path: '(^|/)(dist|coverage|data)/|\\.d\\.ts$|^tests/lint/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

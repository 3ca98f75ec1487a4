// `npm start`: the whole pilot line — simulated PLCs, the gateway (embedded historian, users, audit) and the built HMI.
// Splits the flags between the two processes, builds the HMI when stale, says where to log in, stops both on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Which process takes each flag; `--plant` goes to both, `--port PLC-xxx=<n>` to the simulators. */
const GATEWAY_FLAGS = {
  host: 'string',
  port: 'string',
  clock: 'string',
  'data-dir': 'string',
  'influx-url': 'string',
  plc: 'string',
  'log-level': 'string',
  'tls-cert': 'string',
  'tls-key': 'string',
  'trust-proxy': 'string',
  production: 'boolean',
  'hmi-dir': 'string',
  'admin-password-file': 'string',
};
const SIM_FLAGS = {
  'control-port': 'string',
  'control-host': 'string',
  speed: 'string',
  seed: 'string',
  start: 'string',
};
const MULTIPLE = new Set(['port', 'plc']);

const USAGE = `Usage: npm start -- [options]

Runs the simulated PLCs and the gateway, which serves the HMI, the REST API and socket.io.

  --plant <file>            plant definition, for both (PLANT_FILE)
Gateway:
  --host <address>          listen address (default 127.0.0.1)
  --port <n>                HTTP port (GATEWAY_PORT; default 8080)
  --data-dir <dir>          users, audit, journal, historian (ZLD_DATA_DIR; default ./data)
  --clock wall|plc          --influx-url <url>   --plc <id>=<host>:<port>   --log-level <level>
  --tls-cert <file> --tls-key <file>   --trust-proxy <address>   --production
  --hmi-dir <dir>           serve this built HMI instead of building apps/hmi
  --admin-password-file <f> the first admin's password (or ZLD_ADMIN_PASSWORD)
Simulators:
  --speed <factor>          simulated seconds per real second (SIM_SPEED; default 1)
  --port <PLC>=<n>          a simulated PLC's port (the gateway is pointed at it), e.g. PLC-100=15020
  --control-port <n>        simulator control API (SIM_CONTROL_PORT; default 8090)
  --control-host <address>  its listen address (SIM_CONTROL_HOST; default 127.0.0.1); it wants
                            "Authorization: Bearer <token>": SIM_CONTROL_TOKEN, else one printed at start
  --seed <n>  --start <ISO time>
  --help                    this text
`;

function parseFlags(argv) {
  const options = { plant: { type: 'string' }, help: { type: 'boolean' } };
  for (const [name, type] of Object.entries({ ...GATEWAY_FLAGS, ...SIM_FLAGS }))
    options[name] = { type, ...(MULTIPLE.has(name) ? { multiple: true } : {}) };
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const gateway = [];
  const sims = [];
  const plcGiven = new Set((values.plc ?? []).map((s) => s.split('=')[0]));
  const add = (list, name, value) => {
    if (value === true) list.push(`--${name}`);
    else if (value !== false && value !== undefined) list.push(`--${name}`, value);
  };
  if (values.plant !== undefined) {
    add(gateway, 'plant', values.plant);
    add(sims, 'plant', values.plant);
  }
  for (const name of Object.keys(GATEWAY_FLAGS)) {
    if (name === 'port' || name === 'plc') continue;
    add(gateway, name, values[name]);
  }
  for (const spec of values.plc ?? []) add(gateway, 'plc', spec);
  for (const name of Object.keys(SIM_FLAGS)) add(sims, name, values[name]);
  let gatewayPort;
  for (const spec of values.port ?? []) {
    // <PLC id>=<port>: a PLC id is letters, digits and _ - . : (the plant file's rule).
    const m = /^([A-Za-z0-9_][A-Za-z0-9_.:-]{0,63})=(\d+)$/.exec(spec);
    if (m) {
      add(sims, 'port', spec);
      // The simulated PLC moves: the gateway goes where it listens (unless told otherwise).
      if (!plcGiven.has(m[1])) add(gateway, 'plc', `${m[1]}=127.0.0.1:${m[2]}`);
    } else if (gatewayPort !== undefined) throw new Error(`--port given twice for the gateway`);
    else gatewayPort = spec;
  }
  add(gateway, 'port', gatewayPort);
  return {
    help: values.help === true,
    gateway,
    sims,
    hmiDirGiven: values['hmi-dir'] !== undefined,
  };
}

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds apps/hmi when its bundle is missing or older than its sources. */
function buildHmiIfStale() {
  const hmi = join(root, 'apps', 'hmi');
  const bundle = join(hmi, 'dist', 'index.html');
  if (!existsSync(join(hmi, 'index.html'))) return;
  const stale =
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs <
      Math.max(newest(join(hmi, 'src')), newest(join(root, 'packages', 'api', 'src')));
  if (!stale) return;
  console.log('Building the HMI...');
  const r = spawnSync('npm', ['run', 'build', '-w', '@zld/hmi'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('The HMI build failed; fix it or pass --hmi-dir <a built HMI>.');
    process.exit(r.status ?? 1);
  }
}

let flags;
try {
  flags = parseFlags(process.argv.slice(2));
} catch (err) {
  console.error(`npm start: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!flags.hmiDirGiven) buildHmiIfStale();

const children = [];
let stopping = false;
let exitCode = 0;

/**
 * Each child runs in its own process group (`detached`), so a Ctrl-C in the terminal reaches only this
 * script, which passes it on once: a gateway that got SIGINT twice would take it as "exit now".
 * `node --import tsx` runs each entry in one process (the tsx command would add a process in between).
 */
function run(name, entry, args, onLine) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry), ...args], {
    cwd: root,
    stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'],
    env: process.env,
    detached: true,
  });
  if (onLine) {
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) onLine(line);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the line`);
      shutdown('SIGTERM', code || 1);
    } else if (code !== 0) exitCode = 1;
  });
  children.push(child);
}

function shutdown(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }, 10_000);
  force.unref();
  Promise.all(
    children.map((c) =>
      c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)),
    ),
  ).then(() => process.exit(exitCode));
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
// Never leave a child behind, whatever ends this script.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

run('simulators', 'simulators/src/main.ts', flags.sims);
run('gateway', 'apps/gateway/src/main.ts', flags.gateway, (line) => {
  const m = /^ZLD gateway on (\S+)/.exec(line);
  if (!m) return;
  const url = new URL(m[1]);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  // After the gateway's own lines (HMI, login) have been printed.
  setImmediate(() =>
    console.log(
      [
        '',
        `The ZLD pilot line is running. Open ${url.origin} in a browser and log in:`,
        '  user "admin", with the password printed above at the first start (or ZLD_ADMIN_PASSWORD).',
        'Ctrl-C stops the simulators and the gateway.',
        '',
      ].join('\n'),
    ),
  );
});

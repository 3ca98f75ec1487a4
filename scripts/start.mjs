// `npm start`: the whole pilot line — simulated PLCs, gateway with the embedded historian, and the built HMI.
// Builds the HMI when its bundle is missing or older than its sources, starts both processes, forwards Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const passThrough = process.argv.slice(2);

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const hmi = join(root, 'apps', 'hmi');
const bundle = join(hmi, 'dist', 'index.html');
if (existsSync(join(hmi, 'index.html'))) {
  const stale =
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs <
      Math.max(newest(join(hmi, 'src')), newest(join(root, 'packages', 'api', 'src')));
  if (stale) {
    console.log('Building the HMI...');
    const r = spawnSync('npm', ['run', 'build', '-w', '@zld/hmi'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const children = [];
function run(name, entry, args) {
  if (!existsSync(join(root, entry))) {
    console.error(`${name}: ${entry} does not exist yet`);
    shutdown(1);
    return;
  }
  const child = spawn(tsx, [entry, ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the line`);
      shutdown(code ?? 1);
    }
  });
  children.push(child);
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }, 8000);
  force.unref();
  Promise.all(
    children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r)))),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('simulators', 'simulators/src/main.ts', passThrough);
run('gateway', 'apps/gateway/src/main.ts', passThrough);

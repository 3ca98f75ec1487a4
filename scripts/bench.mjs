// `npm run bench [-- --seconds N --tags K ...]`: runs `tsx tests/bench/main.ts` with the arguments, exits with its code.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const child = spawn(tsx, [join('tests', 'bench', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the whole process group; the bench stops its own children.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('error', (err) => {
  console.error(`bench: cannot run tsx: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

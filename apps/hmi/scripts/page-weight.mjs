// Page weight of the built HMI (gzip): what the first page load needs, and the chunks loaded on demand.
// Usage: node scripts/page-weight.mjs [distDir]   (after `npm run build -w @zld/hmi`)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const initial = new Set(
  [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]),
);
// Static imports of the entry chunk are loaded at once too.
for (const file of [...initial]) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(join(dist, file), 'utf8');
  for (const m of text.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)) {
    initial.add(`assets/${m[1] ?? m[2]}`);
  }
}
const all = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`);
const row = (f) => ({ file: f, bytes: readFileSync(join(dist, f)).length, gzip: gz(f) });
const first = [
  { file: 'index.html', bytes: Buffer.byteLength(html), gzip: gz('index.html') },
  ...[...initial].map(row),
];
const lazy = all.filter((f) => !initial.has(f)).map(row);
const sum = (xs) => xs.reduce((a, x) => a + x.gzip, 0);
console.log(
  JSON.stringify(
    { initialGzipBytes: sum(first), lazyGzipBytes: sum(lazy), initial: first, onDemand: lazy },
    null,
    2,
  ),
);

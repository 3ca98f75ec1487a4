// `npm run audit -- verify [--data-dir D] [--key-file F]`: verifies a data dir's audit trail (a stopped gateway's, or a copy), read-only.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAnchors } from './audit-anchors.js';
import { verifyChain, type AuditVerification } from './audit-chain.js';
import { AuditKeyError, loadAuditKey } from './audit-key.js';

export const USAGE = `Usage: npm run audit -- verify [options]

Re-computes the audit trail's keyed chain and compares it with its anchors (audit-anchors.jsonl).
Opens audit.sqlite read-only: run it on a stopped gateway's data dir, or on a copy.
Exit code 0: intact; 1: broken (the first bad record and the reason are printed); 2: usage or key.

  --data-dir <dir>     the gateway's data dir (ZLD_DATA_DIR; default ./data)
  --key-file <file>    the audit key (ZLD_AUDIT_KEY_FILE; default <data dir>/audit.key)
  --json               print the result as JSON
  --help`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the command; answers the exit code. */
export function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Io = { out: console.log, err: console.error },
): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    io.err(USAGE);
    return 2;
  }
  const base = env.INIT_CWD ?? process.cwd();
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const dataDir = path(values['data-dir'] ?? env.ZLD_DATA_DIR ?? './data');
  const keyFile = values['key-file'] ?? env.ZLD_AUDIT_KEY_FILE;
  const dbFile = join(dataDir, 'audit.sqlite');
  if (!existsSync(dbFile)) {
    io.err(`audit: ${dbFile} does not exist (--data-dir)`);
    return 2;
  }
  let key: Buffer;
  try {
    key = loadAuditKey({
      keyFile: keyFile === undefined ? undefined : path(keyFile),
      dataDir,
      production: false,
      create: false,
      warn: (m) => io.err(`warning: ${m}`),
    }).key;
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    io.err(`audit: ${e.message}`);
    return 2;
  }
  let result: AuditVerification;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const { anchors, problem } = readAnchors(join(dataDir, 'audit-anchors.jsonl'));
    result = verifyChain(db, key, anchors, problem);
  } catch (e) {
    io.err(`audit: cannot read ${dbFile}: ${(e as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
  if (values.json) io.out(JSON.stringify(result));
  else if (result.ok)
    io.out(
      `audit trail intact: ${result.records} records (head ${result.headSeq}), ${result.anchorsChecked} anchor(s) checked`,
    );
  else
    io.out(
      `audit trail BROKEN at record ${result.firstBadSeq}: ${result.reason} (${result.records} records read, ${result.anchorsChecked} anchor(s) checked)`,
    );
  return result.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));

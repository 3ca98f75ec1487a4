// Anchors of the audit trail: its head (seq, MAC, record count) written outside the audit database, signed with the trail's key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** One line of `audit-anchors.jsonl`. */
export interface AuditAnchor {
  /** ISO-8601 UTC, when the anchor was taken. */
  time: string;
  /** The head record's seq (0: the trail was empty). */
  seq: number;
  /** The head record's MAC (or hash), as stored in the trail. */
  mac: string;
  /** How many records the trail held up to and including `seq`. */
  records: number;
  /** HMAC-SHA-256 with the trail's key over the fields above. */
  sig: string;
}

/** Constant-time comparison of two MACs (hex). */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export type AnchorHead = Omit<AuditAnchor, 'sig'>;

const signed = (a: AnchorHead): string =>
  JSON.stringify(['anchor', a.time, a.seq, a.mac, a.records]);

export function signAnchor(key: Buffer, a: AnchorHead): AuditAnchor {
  const sig = createHmac('sha256', key).update(signed(a)).digest('hex');
  return { time: a.time, seq: a.seq, mac: a.mac, records: a.records, sig };
}

export function anchorSignatureOk(key: Buffer, a: AuditAnchor): boolean {
  return sameHex(signAnchor(key, a).sig, a.sig);
}

/** The anchors of a file, oldest first; `problem` says why the file cannot be trusted whole. */
export interface AnchorFileContent {
  anchors: AuditAnchor[];
  problem?: string;
}

function isAnchor(v: unknown): v is AuditAnchor {
  const a = v as Partial<AuditAnchor> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.time === 'string' &&
    Number.isSafeInteger(a.seq) &&
    a.seq! >= 0 &&
    typeof a.mac === 'string' &&
    Number.isSafeInteger(a.records) &&
    typeof a.sig === 'string'
  );
}

/**
 * Reads the anchor file. A missing file gives no anchors and the problem "missing" (a trail with keyed
 * records always has one: the store anchors when it opens); an unreadable line is a problem too.
 */
export function readAnchors(file: string): AnchorFileContent {
  if (!existsSync(file))
    return {
      anchors: [],
      problem: `the anchor file ${file} is missing: truncation cannot be ruled out`,
    };
  const anchors: AuditAnchor[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = null;
    }
    if (!isAnchor(v))
      // A torn last line (a crash while appending) is not an attack; anything else is.
      return i >= lines.length - 2 && anchors.length > 0
        ? { anchors }
        : { anchors, problem: `line ${i + 1} of the anchor file is not an anchor` };
    anchors.push(v);
  }
  return { anchors };
}

/** Appends one anchor line and syncs it to disk; the file is created with mode 0600. */
export function appendAnchor(file: string, anchor: AuditAnchor): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

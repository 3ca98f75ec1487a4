// The audit trail's chain: the old unkeyed SHA-256 links, the keyed HMAC-SHA-256 links, and the check of both against the anchors.
import type Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import type { AuditAnchor } from './audit-anchors.js';
import { anchorSignatureOk, sameHex } from './audit-anchors.js';

/** The previous link of the first record. */
export const GENESIS = '0'.repeat(64);
/** Records written before the trail was keyed: SHA-256 over (previous hash, content). */
export const LEGACY_CHAIN = 'sha256';
/** Records written with the key: HMAC-SHA-256 over (previous MAC, seq, content). */
export const KEYED_CHAIN = 'hmac-sha256';

/** The columns a link covers (a stored row has them all). */
export interface ChainedRow {
  seq: number;
  event_id: string;
  time: string;
  time_ms: number;
  category: string;
  action: string;
  outcome: string;
  user: string | null;
  source: string | null;
  target: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
  /** Absent in a file written before the key (no such column yet). */
  chain: string;
}

/** What `GET /api/audit/verify` and `npm run audit -- verify` answer. */
export interface AuditVerification {
  ok: boolean;
  /** Records read. */
  records: number;
  /** The last record's seq (0 for an empty trail). */
  headSeq: number;
  /** The first record (or, for a truncation, the first missing seq) that does not fit. */
  firstBadSeq?: number;
  reason?: string;
  /** Anchors compared with the trail. */
  anchorsChecked: number;
}

function content(r: Omit<ChainedRow, 'seq' | 'hash' | 'prev_hash' | 'chain'>): string {
  return JSON.stringify([
    r.event_id,
    r.time,
    r.time_ms,
    r.category,
    r.action,
    r.outcome,
    r.user,
    r.source,
    r.target,
    r.old_value,
    r.new_value,
    r.reason,
    r.details,
  ]);
}

/** The link of a record of the old, unkeyed chain (kept to check records written before the key). */
export function legacyHashOf(r: Omit<ChainedRow, 'seq' | 'hash' | 'chain'>): string {
  return createHash('sha256').update(r.prev_hash).update(content(r)).digest('hex');
}

/** The keyed link: HMAC-SHA-256 with the trail's key over the previous MAC, the seq and the content. */
export function macOf(key: Buffer, r: Omit<ChainedRow, 'hash' | 'chain'>): string {
  return createHmac('sha256', key)
    .update(`${r.prev_hash}\n${r.seq}\n`)
    .update(content(r))
    .digest('hex');
}

interface Walk {
  records: number;
  headSeq: number;
  checked: number;
  bad?: { seq: number; reason: string };
}

/** Checks one row against the previous link; answers why it does not fit, or null. */
function linkProblem(key: Buffer, row: ChainedRow, prev: string, keyed: boolean): string | null {
  if (row.prev_hash !== prev) return 'its link to the previous record does not match';
  // A file the keyed gateway never opened has no chain column: all of it is the old chain.
  if (row.chain === LEGACY_CHAIN || row.chain === undefined) {
    if (keyed) return 'an unkeyed record after the keyed chain began';
    return sameHex(legacyHashOf(row), row.hash) ? null : 'its content does not match its hash';
  }
  if (row.chain === KEYED_CHAIN)
    return sameHex(macOf(key, row), row.hash)
      ? null
      : 'its content does not match its MAC (changed, re-chained, or another key)';
  return `unknown chain "${row.chain}"`;
}

/**
 * Re-computes every link, oldest first, and compares the trail with the anchors: an anchor names a
 * seq, the MAC the record at that seq had and how many records the trail held up to it, so a trail
 * cut short (fewer records than an anchor says) or rewritten (another MAC at an anchored seq) fails.
 * `anchors: null` means no anchor file is kept (only the chain is checked).
 */
export function verifyChain(
  db: Database.Database,
  key: Buffer,
  anchors: readonly AuditAnchor[] | null,
  anchorProblem?: string,
): AuditVerification {
  const bySeq = new Map<number, AuditAnchor[]>();
  for (const a of anchors ?? []) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
  const w: Walk = { records: 0, headSeq: 0, checked: 0 };
  let prev = GENESIS;
  let keyed = false;
  const seen = new Set<number>();
  const fail = (seq: number, reason: string) => (w.bad ??= { seq, reason });
  for (const a of bySeq.get(0) ?? []) {
    w.checked++;
    if (!anchorSignatureOk(key, a)) fail(1, `the anchor of ${a.time} is not signed by this key`);
  }
  for (const row of db
    .prepare('SELECT * FROM audit ORDER BY seq')
    .iterate() as Iterable<ChainedRow>) {
    if (w.bad) break;
    if (row.chain === KEYED_CHAIN && w.records > 0 && row.seq !== w.headSeq + 1)
      fail(w.headSeq + 1, `records ${w.headSeq + 1} to ${row.seq - 1} are missing`);
    const problem = linkProblem(key, row, prev, keyed);
    if (problem !== null) fail(row.seq, `record ${row.seq}: ${problem}`);
    if (w.bad) break;
    keyed ||= row.chain === KEYED_CHAIN;
    prev = row.hash;
    w.records++;
    w.headSeq = row.seq;
    seen.add(row.seq);
    for (const a of bySeq.get(row.seq) ?? []) {
      w.checked++;
      if (!anchorSignatureOk(key, a))
        fail(row.seq, `the anchor of ${a.time} is not signed by this key`);
      else if (!sameHex(a.mac, row.hash) || a.records !== w.records)
        fail(
          row.seq,
          `record ${row.seq} is not the one anchored at ${a.time} (rewritten, or records before it removed)`,
        );
    }
  }
  if (!w.bad) {
    const beyond = [...bySeq.keys()].filter((s) => s > w.headSeq).sort((a, b) => b - a)[0];
    if (beyond !== undefined) {
      const a = bySeq.get(beyond)![0]!;
      w.checked++;
      fail(
        w.headSeq + 1,
        `truncated: the anchor of ${a.time} names record ${a.seq} (${a.records} records), the trail ends at ${w.headSeq}`,
      );
    } else if (anchorProblem !== undefined && keyed) fail(w.headSeq + 1, anchorProblem);
    const lost = [...bySeq.values()].flat().find((a) => a.seq > 0 && !seen.has(a.seq));
    if (lost) fail(lost.seq, `record ${lost.seq}, anchored at ${lost.time}, is missing`);
  }
  return {
    ok: w.bad === undefined,
    records: w.records,
    headSeq: w.headSeq,
    ...(w.bad ? { firstBadSeq: w.bad.seq, reason: w.bad.reason } : {}),
    anchorsChecked: w.checked,
  };
}

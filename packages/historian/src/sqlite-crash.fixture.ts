// Test fixture: the stream the SIGKILL test's child writes (four tags, a sample every 250 ms, some Bad), known to both sides.
import type { HistoryPoint } from './historian.js';

export const CRASH_T0 = Date.UTC(2030, 0, 1);
export const CRASH_TAGS = ['FT-801', 'FT-802', 'PT-803', 'LT-804'];

/** Sample `seq` (1, 2, ...) of a tag. */
export function crashSample(name: string, seq: number): HistoryPoint {
  const bad = seq % 97 < 3;
  return {
    name,
    // (No -0: SQLite keeps it as 0.)
    value: bad ? null : Math.round(1000 * Math.sin(seq / 40 + name.length)) / 10 || 0,
    quality: bad ? 'Bad_CommunicationError' : 'Good',
    ts: CRASH_T0 + seq * 250,
    gatewayTs: CRASH_T0 + seq * 250 + 4,
    tsOrigin: 'gateway',
    seq,
    backfill: false,
  };
}

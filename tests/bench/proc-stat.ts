// Reads another process's CPU time and resident set from /proc (Linux), and finds a process by a piece of its command line.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcSample {
  /** User + system CPU seconds since the process started. */
  cpuS: number;
  rssMb: number;
}

let ticks: number | null = null;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 almost everywhere). */
function ticksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/**
 * The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and parentheses):
 * index 0 is field 3 (state), so utime (field 14) is index 11 and stime (15) index 12.
 */
export function parseStat(text: string): { utime: number; stime: number } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? { utime, stime } : null;
}

/** CPU time and resident set of `pid` now, or null when it is gone. */
export function readProc(pid: number): ProcSample | null {
  try {
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    if (stat === null || !Number.isFinite(rssKb)) return null;
    return {
      cpuS: (stat.utime + stat.stime) / ticksPerSecond(),
      rssMb: Math.round(rssKb / 102.4) / 10,
    };
  } catch {
    return null;
  }
}

/** The process whose command line contains `fragment` (e.g. its own config file path), or null. */
export function findPid(fragment: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(fragment)) return Number(entry);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return null;
}

// The replay time conductor as pure maths: a cursor in plant time that runs at 1x-600x of wall time when playing.

export const REPLAY_SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600] as const;

export interface ReplayClock {
  from: number;
  to: number;
  speed: number;
  playing: boolean;
  /** The cursor at the last anchor, and the wall time of that anchor (ms). */
  anchorCursor: number;
  anchorWall: number;
}

const clamp = (t: number, c: ReplayClock) => Math.min(c.to, Math.max(c.from, t));

export function createReplayClock(
  from: number,
  to: number,
  wallNow: number,
  speed = 60,
): ReplayClock {
  if (!(to > from)) throw new Error('a replay window needs to > from');
  return { from, to, speed, playing: false, anchorCursor: from, anchorWall: wallNow };
}

/** The cursor at wall time `wallNow`: the anchor plus elapsed wall time x speed while playing, clamped. */
export function cursorAt(c: ReplayClock, wallNow: number): number {
  if (!c.playing) return c.anchorCursor;
  return clamp(c.anchorCursor + (wallNow - c.anchorWall) * c.speed, c);
}

/** True once a playing clock has reached the end of its window. */
export function atEnd(c: ReplayClock, wallNow: number): boolean {
  return cursorAt(c, wallNow) >= c.to;
}

function reanchor(c: ReplayClock, wallNow: number, changes: Partial<ReplayClock>): ReplayClock {
  return { ...c, anchorCursor: cursorAt(c, wallNow), anchorWall: wallNow, ...changes };
}

/** Starts playing; from the end, playing starts again at the beginning. */
export function play(c: ReplayClock, wallNow: number): ReplayClock {
  const here = cursorAt(c, wallNow);
  if (here >= c.to) return { ...c, playing: true, anchorCursor: c.from, anchorWall: wallNow };
  return reanchor(c, wallNow, { playing: true });
}

export function pause(c: ReplayClock, wallNow: number): ReplayClock {
  return reanchor(c, wallNow, { playing: false });
}

/** Changes speed without moving the cursor. */
export function setSpeed(c: ReplayClock, speed: number, wallNow: number): ReplayClock {
  if (!(speed > 0)) throw new Error('speed must be positive');
  return reanchor(c, wallNow, { speed });
}

/** Moves the cursor to `t` (clamped); playing continues from there. */
export function scrub(c: ReplayClock, t: number, wallNow: number): ReplayClock {
  return { ...c, anchorCursor: clamp(t, c), anchorWall: wallNow };
}

/** Steps by `stepMs` (negative = back) and pauses. */
export function step(c: ReplayClock, stepMs: number, wallNow: number): ReplayClock {
  return {
    ...c,
    playing: false,
    anchorCursor: clamp(cursorAt(c, wallNow) + stepMs, c),
    anchorWall: wallNow,
  };
}

/** A step that suits the speed: one second of playback (at least 1 s of plant time). */
export function stepFor(speed: number): number {
  return Math.max(1000, speed * 1000);
}

/** Position of the cursor on a scrub bar, 0 ... 1. */
export function progress(c: ReplayClock, wallNow: number): number {
  return (cursorAt(c, wallNow) - c.from) / (c.to - c.from);
}

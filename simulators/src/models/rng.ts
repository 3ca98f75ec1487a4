// Seeded PRNG (mulberry32) with Gaussian samples (Box–Muller): the same seed gives the same run.

/** Generator state. `uniform` and `gaussian` advance it in place; copy it to keep a pure step. */
export interface RngState {
  s: number;
  /** The second Box–Muller sample, kept for the next call. */
  spare: number | null;
}

export function createRng(seed: number): RngState {
  return { s: seed >>> 0, spare: null };
}

/** A uniform sample in [0, 1). */
export function uniform(st: RngState): number {
  st.s = (st.s + 0x6d2b79f5) >>> 0;
  let t = st.s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A standard normal sample N(0, 1). */
export function gaussian(st: RngState): number {
  if (st.spare !== null) {
    const z = st.spare;
    st.spare = null;
    return z;
  }
  let u = uniform(st);
  while (u <= 0) u = uniform(st);
  const v = uniform(st);
  const r = Math.sqrt(-2 * Math.log(u));
  st.spare = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** A seed derived from a base seed and a label (FNV-1a), so each instrument has its own stream. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A small object-style wrapper for callers that prefer methods. */
export class Rng {
  readonly state: RngState;
  constructor(seed: number) {
    this.state = createRng(seed);
  }
  uniform(): number {
    return uniform(this.state);
  }
  gaussian(mean = 0, sd = 1): number {
    return mean + sd * gaussian(this.state);
  }
}

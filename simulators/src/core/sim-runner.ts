// Steps the plant in real time at a speed factor, keeps simulated time and the PLC clock tags, notifies images.
import type { TagSource } from '@zld/protocols';
import type { Quality } from '@zld/tags';
import type { PlantPort, TagScalar } from './plant-port.js';

export type { TagSource } from '@zld/protocols';

export interface SimRunnerOptions {
  plant: PlantPort;
  /** Tags that carry the PLCs' clocks (simulated epoch seconds); a PLC without one is left out. */
  clockTags: readonly (string | undefined)[];
  /** Simulated seconds per real second; 0 freezes the plant. */
  speed?: number;
  /** Simulated epoch at start, ms; default the wall clock at start. */
  startEpochMs?: number;
  /** Real milliseconds between steps. */
  tickMs?: number;
  /**
   * The fixed plant step, simulated seconds (default 0.5). The same at every speed and whatever the timer
   * jitter, so a run with a given seed takes the same steps: changing the speed changes how fast they
   * come, not their size.
   */
  stepS?: number;
  /**
   * Real milliseconds one tick may spend stepping (default half the tick). A plant too slow for the speed
   * asked for falls behind instead of starving the protocol servers: the backlog is dropped and simulated
   * time runs as fast as the CPU allows (see `lagging`).
   */
  budgetMs?: number;
  /** Monotonic real time, ms (injectable for tests). */
  monotonicMs?: () => number;
  /** Wall clock, epoch ms (injectable for tests). */
  wallMs?: () => number;
  onError?: (err: unknown) => void;
}

export const MAX_SPEED = 1000;
export const DEFAULT_STEP_S = 0.5;

export type TickListener = (simTimeMs: number) => void;

export class SimRunner implements TagSource {
  readonly plant: PlantPort;
  private readonly clockTags: ReadonlySet<string>;
  private readonly tickMs: number;
  private readonly stepMs: number;
  private readonly budgetMs: number;
  private readonly monotonicMs: () => number;
  private readonly onError: (err: unknown) => void;
  private readonly listeners = new Set<TickListener>();
  private readonly stepListeners = new Set<TickListener>();
  private factor: number;
  /** Real and simulated time at the last speed change: sim = simAnchor + (real - realAnchor) * factor. */
  private realAnchor: number;
  private simAnchor: number;
  /** Simulated time the plant has been stepped to. */
  private plantMs: number;
  private timer: NodeJS.Timeout | null = null;
  private steps = 0;
  private behind = false;
  private lastError = '';

  constructor(o: SimRunnerOptions) {
    this.plant = o.plant;
    this.clockTags = new Set(o.clockTags.filter((t): t is string => t !== undefined));
    this.tickMs = o.tickMs ?? 100;
    this.stepMs = (o.stepS ?? DEFAULT_STEP_S) * 1000;
    if (!(this.stepMs > 0)) throw new RangeError(`stepS must be positive, got ${o.stepS}`);
    this.budgetMs = o.budgetMs ?? this.tickMs / 2;
    this.monotonicMs = o.monotonicMs ?? (() => performance.now());
    this.onError = o.onError ?? ((err) => console.error('simulator step failed:', err));
    this.factor = checkSpeed(o.speed ?? 1);
    this.realAnchor = this.monotonicMs();
    this.simAnchor = o.startEpochMs ?? (o.wallMs ?? Date.now)();
    this.plantMs = this.simAnchor;
  }

  get speed(): number {
    return this.factor;
  }

  /** Changes the speed from now on; simulated time stays continuous. */
  setSpeed(factor: number): void {
    const f = checkSpeed(factor);
    const real = this.monotonicMs();
    this.simAnchor = this.targetMs(real);
    this.realAnchor = real;
    this.factor = f;
  }

  /** The fixed plant step in use, simulated seconds. */
  get stepS(): number {
    return this.stepMs / 1000;
  }

  simTimeMs(): number {
    return this.plantMs;
  }

  /** True when the last tick could not keep up with the speed (simulated time ran slower). */
  get lagging(): boolean {
    return this.behind;
  }

  /** Plant steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  read(tag: string): TagScalar {
    return this.clockTags.has(tag) ? this.plantMs / 1000 : this.plant.read(tag);
  }

  write(tag: string, value: TagScalar): void {
    if (this.clockTags.has(tag))
      throw new RangeError(`${tag} is a PLC clock and cannot be written`);
    this.plant.write(tag, value);
  }

  quality(tag: string): Quality {
    if (this.clockTags.has(tag)) return 'Good';
    return this.plant.quality?.(tag) ?? 'Good';
  }

  /**
   * Called with the simulated time after every plant step, inside a tick (faults start, ramp and expire on
   * the step they fall due). Keep it cheap and synchronous.
   */
  onStep(listener: TickListener): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  /** Called with the simulated time after every tick (images refresh). */
  onTick(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Steps the plant up to the current simulated time, then notifies the listeners. */
  tick(): void {
    const target = this.targetMs(this.monotonicMs());
    try {
      this.advanceTo(target);
    } catch (err) {
      // Skip the interval that failed; report a failure once, not at every tick.
      this.plantMs = target;
      const message = String(err);
      if (message !== this.lastError) this.onError(err);
      this.lastError = message;
    }
    for (const l of this.listeners) l(this.plantMs);
  }

  /** Fixed steps up to `target`; the remainder (less than one step) waits for the next tick. */
  private advanceTo(target: number): void {
    const deadline = this.monotonicMs() + this.budgetMs;
    const dtS = this.stepMs / 1000;
    this.behind = false;
    while (target - this.plantMs >= this.stepMs - 1e-6) {
      this.plant.step(dtS);
      this.steps++;
      this.plantMs += this.stepMs;
      for (const l of this.stepListeners) l(this.plantMs);
      if (target - this.plantMs >= this.stepMs - 1e-6 && this.monotonicMs() > deadline) {
        // Out of time: drop the backlog, so simulated time continues from here.
        this.behind = true;
        this.simAnchor = this.plantMs;
        this.realAnchor = this.monotonicMs();
        return;
      }
    }
  }

  private targetMs(real: number): number {
    return this.simAnchor + (real - this.realAnchor) * this.factor;
  }
}

function checkSpeed(f: number): number {
  if (!Number.isFinite(f) || f < 0 || f > MAX_SPEED)
    throw new RangeError(`speed must be between 0 and ${MAX_SPEED}, got ${f}`);
  return f;
}

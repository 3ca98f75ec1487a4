// What the player needs of an engine (headless or over the sockets), and the headless one.
import { StepRunner, type StepResult } from './actions.js';
import type { Probe } from './expectations.js';
import { HeadlessPlant } from './headless-plant.js';
import type { Scenario } from './parse.js';
import type { Step } from './schema.js';

/** The plant epoch at the start of every scenario (after the warm-up): scenarios are repeatable. */
export const SCENARIO_START = Date.parse('2026-03-02T06:00:00.000Z');

export interface ScenarioEngine {
  /** Plant seconds since the scenario's start. */
  elapsedS(): number;
  /** Lets plant time run until at least `t` plant seconds from the start. */
  advanceTo(t: number): Promise<void>;
  /** Books every fault of the scenario at its plant time, before the run. */
  schedule(steps: readonly Step[]): Promise<StepResult[]>;
  /** Runs a step that falls due now (faults were booked before). */
  run(index: number, step: Step, t: number): Promise<StepResult | null>;
  /** What the expectations read now (alarms, the tags they name, the balance). */
  observe(): Promise<Probe>;
  /** Problems of the engine itself since the last call (a fault that could not start...). */
  drainErrors(): string[];
  stop(): Promise<void>;
}

/** The process model and the gateway's services in one process, stepped one plant second at a time. */
export class HeadlessEngine implements ScenarioEngine {
  private readonly plant: HeadlessPlant;
  private readonly steps: StepRunner;
  private readonly startMs: number;
  private t = 0;

  constructor(s: Scenario) {
    this.plant = new HeadlessPlant({
      plant: s.plant,
      seed: s.file.seed ?? 1,
      warmUpS: s.file.warmUp ?? 3600,
      startMs: SCENARIO_START,
    });
    this.startMs = this.plant.now();
    // The command path's waits (read-back) are plant time passing.
    this.steps = new StepRunner(this.plant, (seconds) => this.advanceTo(this.t + seconds));
  }

  elapsedS(): number {
    return this.t;
  }

  async advanceTo(t: number): Promise<void> {
    const n = Math.ceil(t - this.t);
    if (n <= 0) return;
    await this.plant.run(n);
    this.t += n;
  }

  schedule(steps: readonly Step[]): Promise<StepResult[]> {
    return this.steps.schedule(steps, this.startMs);
  }

  run(index: number, step: Step, t: number): Promise<StepResult | null> {
    return this.steps.run(index, step, t);
  }

  observe(): Promise<Probe> {
    const e = this.plant;
    return Promise.resolve({
      alarm: (id) => e.alarms.get(id),
      activeAlarms: () => e.alarms.list().filter((a) => a.active),
      value: (tag) => {
        const v = e.runtime.value(tag)?.value;
        return typeof v === 'number' || typeof v === 'boolean' ? v : null;
      },
      residualKgH: (id) =>
        e.balance.current()?.windows.find((w) => w.id === id)?.residual.kgH ?? null,
      balanceQuestionable: () => e.balance.current()?.questionable ?? null,
    });
  }

  drainErrors(): string[] {
    return this.plant.faultErrors.splice(0).map((e) => e.message);
  }

  stop(): Promise<void> {
    this.plant.stop();
    this.steps.audit.close();
    return Promise.resolve();
  }
}

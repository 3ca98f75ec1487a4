// Plays one scenario on the headless engine: faults booked at their plant times, steps when due, expectations every second.
import { StepRunner, type StepResult } from './actions.js';
import { watcherOf, type ExpectationResult, type Probe } from './expectations.js';
import { HeadlessPlant } from './headless-plant.js';
import type { Scenario } from './parse.js';

export type { StepResult } from './actions.js';
export type { ExpectationResult } from './expectations.js';

export interface ScenarioResult {
  name: string;
  source: string;
  ok: boolean;
  /** Plant seconds played. */
  plantS: number;
  wallMs: number;
  steps: StepResult[];
  expectations: ExpectationResult[];
  /** A failure of the run itself (not of an expectation). */
  error?: string;
}

export interface PlayOptions {
  /** Called about every `progressEveryS` plant seconds with the plant seconds played. */
  onProgress?: (plantS: number, totalS: number) => void;
  progressEveryS?: number;
}

/** The plant epoch at the start of every scenario (after the warm-up): scenarios are repeatable. */
export const SCENARIO_START = Date.parse('2026-03-02T06:00:00.000Z');

export async function playScenario(
  s: Scenario,
  options: PlayOptions = {},
): Promise<ScenarioResult> {
  const began = Date.now();
  const f = s.file;
  const engine = new HeadlessPlant({
    plant: s.plant,
    seed: f.seed ?? 1,
    warmUpS: f.warmUp ?? 3600,
    startMs: SCENARIO_START,
  });
  const startMs = engine.now();
  let t = 0;
  const advance = async (seconds: number) => {
    await engine.run(seconds);
    t += seconds;
  };
  const steps = new StepRunner(engine, advance);
  const stepResults: StepResult[] = [];
  const expectations: ExpectationResult[] = [];
  const base = { name: f.scenario, source: s.source };
  try {
    stepResults.push(...(await steps.schedule(f.steps ?? [], startMs)));
    const watchers = f.expect.map((e, i) => ({ i, w: watcherOf(e, i, s.plant, s.durationS) }));
    const probe = probeOf(engine);
    const due = (f.steps ?? [])
      .map((step, index) => ({ step, index }))
      .filter((x) => !('inject' in x.step));
    let next = 0;
    const every = options.progressEveryS ?? 3600;
    let open = watchers;
    while (t < s.durationS && open.length > 0) {
      while (next < due.length && due[next]!.step.at <= t) {
        const { step, index } = due[next++]!;
        const r = await steps.run(index, step, t);
        if (r) stepResults.push(r);
      }
      await advance(1);
      for (const err of engine.faultErrors.splice(0))
        stepResults.push({ index: -1, label: 'fault', ok: false, message: err.message, atS: t });
      open = open.filter(({ w }) => {
        const r = w.observe(t, probe);
        if (r) expectations.push(r);
        return r === null;
      });
      if (options.onProgress && t % every === 0) options.onProgress(t, s.durationS);
    }
    for (const { w } of open) expectations.push(w.finish(t, probe));
    // Steps after the last expectation was decided still run (a refused write is a step's own check).
    while (next < due.length) {
      const { step, index } = due[next++]!;
      if (step.at > t) await advance(step.at - t);
      const r = await steps.run(index, step, t);
      if (r) stepResults.push(r);
    }
    expectations.sort((a, b) => a.index - b.index);
    stepResults.sort((a, b) => a.atS - b.atS || a.index - b.index);
    const ok = expectations.every((e) => e.ok) && stepResults.every((r) => r.ok);
    return { ...base, ok, plantS: t, wallMs: Date.now() - began, steps: stepResults, expectations };
  } catch (err) {
    return {
      ...base,
      ok: false,
      plantS: t,
      wallMs: Date.now() - began,
      steps: stepResults,
      expectations,
      error: (err as Error).stack ?? String(err),
    };
  } finally {
    engine.stop();
    steps.audit.close();
  }
}

function probeOf(engine: HeadlessPlant): Probe {
  return {
    alarm: (id) => engine.alarms.get(id),
    activeAlarms: () => engine.alarms.list().filter((a) => a.active),
    value: (tag) => {
      const v = engine.runtime.value(tag)?.value;
      return typeof v === 'number' || typeof v === 'boolean' ? v : null;
    },
    residualKgH: (id) =>
      engine.balance.current()?.windows.find((w) => w.id === id)?.residual.kgH ?? null,
  };
}

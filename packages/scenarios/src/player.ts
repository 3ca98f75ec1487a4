// Plays one scenario on an engine (headless, or the simulators and a gateway over the sockets): faults booked at
// their plant times, steps when due, expectations every plant second.
import type { StepResult } from './actions.js';
import { HeadlessEngine, type ScenarioEngine } from './engine.js';
import { watcherOf, type ExpectationResult } from './expectations.js';
import type { Scenario } from './parse.js';
import { startSocketsEngine } from './sockets-engine.js';

export type { StepResult } from './actions.js';
export type { ExpectationResult } from './expectations.js';
export { SCENARIO_START } from './engine.js';

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

export async function playScenario(
  s: Scenario,
  options: PlayOptions = {},
): Promise<ScenarioResult> {
  const began = Date.now();
  const f = s.file;
  const base = { name: f.scenario, source: s.source };
  const stepResults: StepResult[] = [];
  const expectations: ExpectationResult[] = [];
  let engine: ScenarioEngine | undefined;
  try {
    engine = f.engine === 'sockets' ? await startSocketsEngine(s) : new HeadlessEngine(s);
    const e = engine;
    stepResults.push(...(await e.schedule(f.steps ?? [])));
    const watchers = f.expect.map((x, i) => watcherOf(x, i, s.plant, s.durationS));
    const due = (f.steps ?? [])
      .map((step, index) => ({ step, index }))
      .filter((x) => !('inject' in x.step));
    let next = 0;
    const every = options.progressEveryS ?? 3600;
    let lastProgress = 0;
    let open = watchers;
    const runDue = async (upTo: number) => {
      while (next < due.length && due[next]!.step.at <= upTo) {
        const { step, index } = due[next++]!;
        if (step.at > e.elapsedS()) await e.advanceTo(step.at);
        const r = await e.run(index, step, e.elapsedS());
        if (r) stepResults.push(r);
      }
    };
    while (e.elapsedS() < s.durationS && open.length > 0) {
      await runDue(e.elapsedS());
      await e.advanceTo(Math.floor(e.elapsedS()) + 1);
      const t = Math.floor(e.elapsedS());
      for (const message of e.drainErrors())
        stepResults.push({ index: -1, label: 'engine', ok: false, message, atS: t });
      const probe = await e.observe();
      open = open.filter((w) => {
        const r = w.observe(t, probe);
        if (r) expectations.push(r);
        return r === null;
      });
      if (options.onProgress && t - lastProgress >= every) {
        lastProgress = t;
        options.onProgress(t, s.durationS);
      }
    }
    const probe = await e.observe();
    for (const w of open) expectations.push(w.finish(Math.floor(e.elapsedS()), probe));
    // Steps after the last expectation was decided still run (a refused write is a step's own check).
    await runDue(Infinity);
    expectations.sort((a, b) => a.index - b.index);
    stepResults.sort((a, b) => a.atS - b.atS || a.index - b.index);
    const ok = expectations.every((x) => x.ok) && stepResults.every((r) => r.ok);
    return {
      ...base,
      ok,
      plantS: Math.floor(e.elapsedS()),
      wallMs: Date.now() - began,
      steps: stepResults,
      expectations,
    };
  } catch (err) {
    return {
      ...base,
      ok: false,
      plantS: Math.floor(engine?.elapsedS() ?? 0),
      wallMs: Date.now() - began,
      steps: stepResults,
      expectations,
      error: (err as Error).stack ?? String(err),
    };
  } finally {
    await engine?.stop();
  }
}

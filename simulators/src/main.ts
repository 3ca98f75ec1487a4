// `npm run sim`: reads flags and environment, starts every simulated PLC and the control API, stops on a signal.
import { parseSimArgs, USAGE } from './app/sim-options.js';
import type { RunningSimulators } from './app/start-simulators.js';

let starting: Promise<RunningSimulators> | null = null;
let stopping = false;

/** Ctrl-C or SIGTERM at any moment: stop whatever has started, then exit 0. */
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`simulators: ${signal}, stopping`);
  if (!starting) process.exit(0);
  starting
    .then((sim) => sim.stop())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('simulators: stop failed:', err);
        process.exit(1);
      },
    );
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

async function main(): Promise<void> {
  let options;
  try {
    options = parseSimArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`simulators: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  for (const w of options.warnings) console.warn(`simulators: ${w}`);

  // Loaded after the signal handlers are in place: loading the protocol stacks takes a few seconds.
  const { startSimulators } = await import('./app/start-simulators.js');
  if (stopping) return;
  starting = startSimulators({
    ...(options.plantFile ? { plant: options.plantFile } : {}),
    host: options.host,
    controlHost: options.controlHost,
    ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}),
    ports: options.ports,
    controlPort: options.controlPort,
    speed: options.speed,
    seed: options.seed,
    ...(options.startEpochMs !== undefined ? { startEpochMs: options.startEpochMs } : {}),
  });
  const sim = await starting;
  if (stopping) return;
  const { protocols } = await import('@zld/protocols');
  for (const e of Object.values(sim.endpoints)) {
    const extra = [
      e.unitId !== undefined ? `unit id ${e.unitId}` : '',
      e.namespaceUri !== undefined ? `namespace ${e.namespaceUri}` : '',
    ].filter(Boolean);
    const title = protocols.get(e.protocol)?.title ?? e.protocol;
    console.log(
      `simulators: ${e.plcId} ${title} ${e.url}${extra.length ? ` (${extra.join(', ')})` : ''}`,
    );
  }
  console.log(`simulators: control API ${sim.controlUrl}/sim/state (speed ${options.speed}x)`);
  if (options.controlToken === undefined)
    console.log(
      `simulators: control API token ${sim.controlToken} (set SIM_CONTROL_TOKEN to choose it)`,
    );
}

main().catch((err: unknown) => {
  console.error(`simulators: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

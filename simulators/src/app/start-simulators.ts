// Starts the whole simulator in-process: the plant runner, one protocol server per PLC, and the control API.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plant } from '@zld/plant';
import { loadPlant, protocols, type PlcEndpoint, type PlcServer } from '@zld/protocols';
import { buildControlApp } from '../control/control-app.js';
import { FaultBook } from '../core/fault-book.js';
import type { PlantPort } from '../core/plant-port.js';
import { SimRunner } from '../core/sim-runner.js';
import { StandInPlant } from '../core/stand-in-plant.js';
import { Simulator } from '../core/simulator.js';
import { PlantSim } from '../plant/plant-sim.js';
import { DEFAULT_CONTROL_PORT } from './sim-options.js';

export interface StartSimulatorsOptions {
  /** The plant definition, or the path of its file; default the pilot plant. */
  plant?: Plant | string;
  /**
   * The simulated plant; default the process model built from the plant definition, or, for a plant file
   * the model cannot run (a user's own plant), the stand-in model (values hold, states follow commands).
   */
  createPlant?: (plant: Plant, seed: number) => PlantPort;
  /** Address every PLC server listens on; default 127.0.0.1. */
  host?: string;
  /** Address the control API listens on; default 127.0.0.1 whatever `host` is (it can stop the plant). */
  controlHost?: string;
  /** Port per PLC id (0: any free port); others use the plant file's. */
  ports?: Readonly<Record<string, number>>;
  /** Control API port (0: any free port); default 8090. */
  controlPort?: number;
  /** Bearer token of the control API (16 characters or more); default a new random one, see `controlToken`. */
  controlToken?: string;
  speed?: number;
  seed?: number;
  /** Simulated epoch at start, ms; default the wall clock. */
  startEpochMs?: number;
  /** Real milliseconds between runner ticks. */
  tickMs?: number;
  /** A fixed plant step, simulated seconds, whatever the speed (default: chosen by speed, see SimRunner). */
  stepS?: number;
  /** Folder for the OPC UA certificates; default a new temporary folder, removed on stop. */
  pkiDir?: string;
  log?: (message: string) => void;
}

export interface RunningSimulators {
  /** Where each PLC listens, by PLC id. */
  endpoints: Record<string, PlcEndpoint>;
  /** `http://127.0.0.1:8090`. */
  controlUrl: string;
  /** The bearer token the control API wants: `Authorization: Bearer <controlToken>`. */
  controlToken: string;
  simulator: Simulator;
  /** Stops the runner, the control API and every server (idempotent). */
  stop(): Promise<void>;
}

export async function startSimulators(
  options: StartSimulatorsOptions = {},
): Promise<RunningSimulators> {
  const log = options.log ?? ((m: string) => console.log(m));
  const host = options.host ?? '127.0.0.1';
  const controlHost = options.controlHost ?? '127.0.0.1';
  const plant =
    typeof options.plant === 'object' ? options.plant : loadPlant(options.plant ?? undefined);
  const seed = options.seed ?? 1;
  const createPlant = options.createPlant ?? ((p: Plant, s: number) => defaultPlant(p, s, log));
  const plantSim = createPlant(plant, seed);
  const ownPki = options.pkiDir === undefined;
  const pkiDir = options.pkiDir ?? (await mkdtemp(join(tmpdir(), 'zld-sim-pki-')));

  const runner = new SimRunner({
    plant: plantSim,
    clockTags: plant.plcs.map((p) => p.clockTag),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.startEpochMs !== undefined ? { startEpochMs: options.startEpochMs } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
    ...(options.stepS !== undefined ? { stepS: options.stepS } : {}),
  });
  const servers: PlcServer[] = plant.plcs.map((plc) =>
    protocols.createServer(plc, {
      plant,
      source: runner,
      host,
      port: options.ports?.[plc.id] ?? protocols.portOf(plc),
      pkiDir,
      log,
    }),
  );
  const faults = new FaultBook(plantSim, servers, () => runner.simTimeMs());
  const simulator = new Simulator(runner, servers, faults);
  runner.onStep((simMs) => faults.tick(simMs));
  runner.onTick(() => {
    for (const s of servers) s.refresh();
  });
  const controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
  const app = buildControlApp(simulator, { token: controlToken });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    runner.stop();
    await app.close();
    await Promise.allSettled(servers.map((s) => s.stop()));
    if (ownPki) await rm(pkiDir, { recursive: true, force: true });
  };

  try {
    await Promise.all(servers.map((s) => s.start()));
    runner.start();
    await app.listen({ host: controlHost, port: options.controlPort ?? DEFAULT_CONTROL_PORT });
  } catch (err) {
    await stop();
    throw err;
  }
  const address = app.server.address();
  const controlPort = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoints: Object.fromEntries(servers.map((s) => [s.plcId, s.endpoint])),
    controlUrl: `http://${controlHost.includes(':') ? `[${controlHost}]` : controlHost}:${controlPort}`,
    controlToken,
    simulator,
    stop,
  };
}

/** The process model when it runs this plant (the pilot's), else the stand-in model, said once in the log. */
function defaultPlant(plant: Plant, seed: number, log: (message: string) => void): PlantPort {
  try {
    return new PlantSim({ plant, seed });
  } catch (err) {
    log(
      `simulators: the process model does not run plant ${plant.id} (${(err as Error).message}); ` +
        'serving its tags with the stand-in model: values hold mid-range, states follow commands',
    );
    return new StandInPlant(plant);
  }
}

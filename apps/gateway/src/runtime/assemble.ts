// Builds a runtime from a plant: tag engine, timebase, sink and one driver per PLC from its protocol module.
import {
  protocols,
  type DriverOptions,
  type EndpointOverride,
  type ProtocolRegistry,
} from '@zld/protocols';
import type { Plant } from '@zld/plant';
import type { ClockMode } from '@zld/api';
import { TagEngine, type Clock } from '@zld/tags';
import { withEndpoints } from './endpoints.js';
import { createRuntime, type Runtime, type RuntimeLogger } from './runtime.js';
import { createTimebase } from './timebase.js';

export interface AssembleOptions {
  clock?: ClockMode;
  /** Reach PLCs elsewhere than the plant file says (tests on free ports). */
  plcEndpoints?: Readonly<Record<string, EndpointOverride>>;
  /** The protocol modules PLCs are reached with (default: every module of the protocol list). */
  protocols?: ProtocolRegistry;
  /** Passed to every driver (reconnect back-off, logger, each protocol's own options...). */
  driverOptions?: Omit<DriverOptions, 'tags' | 'sink' | 'touch' | 'keyOf'>;
  /** The gateway's own clock (default Date.now). */
  wall?: Clock;
  /** Tag engine: scan periods without an update before a tag turns Bad_Stale (default 3). */
  staleFactor?: number;
  logger?: RuntimeLogger;
}

/**
 * Reconnection back-off of the gateway's drivers: from 250 ms, doubling, at most 4 s, so a PLC that
 * comes back after any outage is read again within 5 s (the next attempt is never more than 4 s away;
 * the drivers' own default allows 30 s).
 */
export const GATEWAY_RECONNECT = { initialDelayMs: 250, maxDelayMs: 4000 };

/** Assembles the parts of `createRuntime` the way production runs them; nothing starts until `start()`. */
export function assembleRuntime(plantFile: Plant, options: AssembleOptions = {}): Runtime {
  const problem = clockProblem(plantFile, options.clock ?? 'wall');
  if (problem !== undefined) throw new Error(problem);
  const registry = options.protocols ?? protocols;
  const plant = withEndpoints(plantFile, options.plcEndpoints ?? {}, registry);
  const timebase = createTimebase(options.clock ?? 'wall', options.wall);
  const engine = new TagEngine(plant, {
    staleFactor: options.staleFactor ?? 3,
    startTs: timebase.wall.now(),
  });
  const driverOptions = { reconnect: GATEWAY_RECONNECT, ...options.driverOptions };
  return createRuntime({
    plant,
    engine,
    timebase,
    drivers: ({ sink, touch, keyOf }) =>
      plant.plcs.map((plc) =>
        registry.createDriver(plc, { ...driverOptions, tags: plant.tags, sink, touch, keyOf }),
      ),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
}

/** Why the plant cannot follow that clock: plant time needs a PLC that publishes its clock. */
export function clockProblem(plant: Plant, mode: ClockMode): string | undefined {
  if (mode !== 'plc' || plant.plcs.some((p) => p.clockTag !== undefined)) return undefined;
  return (
    "--clock plc (ZLD_CLOCK=plc) follows the PLCs' clock, but no PLC of this plant names a clock tag " +
    '(plcs[].clockTag); add one, or use --clock wall (values then carry their source or receive time)'
  );
}

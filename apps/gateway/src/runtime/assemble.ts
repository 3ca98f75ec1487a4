// Builds a runtime from a plant: tag engine, timebase, sink and one driver per PLC from the driver registry.
import { builtinDrivers, type DriverOptions, type DriverRegistry } from '@zld/drivers';
import type { Plant } from '@zld/plant';
import type { ClockMode } from '@zld/api';
import { TagEngine, type Clock } from '@zld/tags';
import type { EndpointOverride } from '../config.js';
import { withEndpoints } from './endpoints.js';
import { createRuntime, type Runtime, type RuntimeLogger } from './runtime.js';
import { createTimebase } from './timebase.js';

export interface AssembleOptions {
  clock?: ClockMode;
  /** Reach PLCs elsewhere than the plant file says (tests on free ports). */
  plcEndpoints?: Readonly<Record<string, EndpointOverride>>;
  /** Which driver serves which protocol (default: the built-in Modbus TCP and OPC UA drivers). */
  registry?: DriverRegistry;
  /** Passed to every driver (reconnect back-off, OPC UA PKI folder and trust, logger...). */
  driverOptions?: Omit<DriverOptions, 'tags' | 'sink' | 'touch' | 'keyOf'>;
  /** The gateway's own clock (default Date.now). */
  wall?: Clock;
  /** Tag engine: scan periods without an update before a tag turns Bad_Stale (default 3). */
  staleFactor?: number;
  logger?: RuntimeLogger;
}

/**
 * Reconnection back-off of the gateway's drivers: from 250 ms, doubling, at most 5 s, so a PLC that
 * comes back is read again within a few seconds (the drivers' own default allows 30 s).
 */
export const GATEWAY_RECONNECT = { initialDelayMs: 250, maxDelayMs: 5000 };

/** Assembles the parts of `createRuntime` the way production runs them; nothing starts until `start()`. */
export function assembleRuntime(plantFile: Plant, options: AssembleOptions = {}): Runtime {
  const plant = withEndpoints(plantFile, options.plcEndpoints ?? {});
  const timebase = createTimebase(options.clock ?? 'wall', options.wall);
  const engine = new TagEngine(plant, {
    staleFactor: options.staleFactor ?? 3,
    startTs: timebase.wall.now(),
  });
  const registry = options.registry ?? builtinDrivers();
  const driverOptions = { reconnect: GATEWAY_RECONNECT, ...options.driverOptions };
  return createRuntime({
    plant,
    engine,
    timebase,
    drivers: ({ sink, touch, keyOf }) =>
      plant.plcs.map((plc) =>
        registry.create(plc, { ...driverOptions, tags: plant.tags, sink, touch, keyOf }),
      ),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
}

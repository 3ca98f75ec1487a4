// The gateway's time: which clock stamps values and drives alarms and balance (wall, or plant time from the PLCs).
import type { ClockMode } from '@zld/api';
import type { Clock } from '@zld/tags';
import { PlantClock } from './plant-clock.js';

/**
 * Two clocks, kept apart on purpose:
 * - `clock` is the time the plant's data lives in: value timestamps, alarm on/off delays, water-balance
 *   integration, `/healthz` time. It is the wall clock, or, with `--clock plc`, plant time.
 * - `wall` is the gateway's own clock: receive times (`gatewayTs`), staleness, rates, pacing. Staleness
 *   is "no update for k scan periods"; scans run on the wall clock, so it is measured there. (In plant
 *   time that is k x period x speed, which is the same thing.)
 *
 * The tag engine takes `wall` as its `now` for every sample. A sample its device did not stamp (Modbus)
 * gets `stamp()` as its source timestamp: undefined with the wall clock (the engine then stamps its
 * receive time), plant time with `--clock plc`. Values the engine makes itself (Bad_Stale, the initial
 * Bad_WaitingForInitialData) carry wall time; `toClock` maps them into `clock` before anyone sees them.
 */
export interface Timebase {
  readonly mode: ClockMode;
  readonly clock: Clock;
  readonly wall: Clock;
  stamp(): number | undefined;
  /** A good reading of a PLC clock tag: `seconds` since the epoch, received at `wallMs`. */
  observeClockTag(seconds: number, wallMs: number): void;
  /** The gateway clock's time at a wall instant. */
  toClock(wallMs: number): number;
}

export function wallTimebase(wall: Clock = { now: () => Date.now() }): Timebase {
  return {
    mode: 'wall',
    clock: wall,
    wall,
    stamp: () => undefined,
    observeClockTag: () => {},
    toClock: (wallMs) => wallMs,
  };
}

export function plcTimebase(
  plantClock: PlantClock,
  wall: Clock = { now: () => Date.now() },
): Timebase {
  return {
    mode: 'plc',
    clock: plantClock,
    wall,
    stamp: () => plantClock.now(),
    observeClockTag: (seconds, wallMs) => plantClock.observe(seconds * 1000, wallMs),
    toClock: (wallMs) => plantClock.at(wallMs),
  };
}

export function createTimebase(mode: ClockMode, wall?: Clock): Timebase {
  return mode === 'plc'
    ? plcTimebase(new PlantClock(wall ? { wall } : {}), wall)
    : wallTimebase(wall);
}

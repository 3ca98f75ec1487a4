// What the protocol servers, the runner and the control API need from a simulated plant (nothing more).
import type { TagScalar } from '@zld/protocols';
import type { Quality } from '@zld/tags';
import type { ProcessFaultKind } from './faults.js';

export type { TagScalar } from '@zld/protocols';

/**
 * Ground truth, as `GET /sim/state` reports it. The plant decides the detail; these fields are the
 * minimum: every tag's true value, every tank's true water mass, and the true water-balance terms
 * (including the unmetered losses no meter sees).
 */
export interface PlantTruth {
  tags: Record<string, TagScalar>;
  tanks: Record<string, TankTruth>;
  balance: Record<string, unknown>;
  [extra: string]: unknown;
}

/** One tank or vessel in the ground truth: at least its true water mass. */
export interface TankTruth {
  waterKg: number;
  [extra: string]: unknown;
}

/** A process fault as the plant receives it (protocol faults never reach the plant). */
export interface ProcessFault {
  id: string;
  kind: ProcessFaultKind;
  target: string;
  magnitude?: number;
}

export interface PlantPort {
  /** Advances the plant by `dtS` simulated seconds. */
  step(dtS: number): void;
  /** The value the PLC sees for a tag (measured, with sensor effects), in engineering units. */
  read(tag: string): TagScalar;
  /** A PLC-side write (setpoint, mode, output, command). Throws when the plant refuses it. */
  write(tag: string, value: TagScalar): void;
  truth(): PlantTruth;
  /** Starts a process fault; throws (with a plain message) when the target does not fit the kind. */
  addFault(fault: ProcessFault): void;
  removeFault(id: string): void;
  /** Throws as `addFault` would, without starting the fault (scheduled faults are checked when asked for). */
  checkFault?(fault: ProcessFault): void;
  /** The quality a PLC would report for the tag (a failed or stuck sensor); Good when absent. */
  quality?(tag: string): Quality;
}

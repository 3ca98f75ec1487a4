// The simulator's runtime facade: the one object the control API talks to (state, speed, faults).
import type { PlcEndpoint, PlcServer, PlcServerStatus } from '@zld/protocols';
import type { FaultBook } from './fault-book.js';
import type { ActiveFault, FaultSpec } from './faults.js';
import type { PlantTruth } from './plant-port.js';
import type { SimRunner } from './sim-runner.js';

export interface PlcState extends PlcServerStatus {
  endpoint: PlcEndpoint;
}

/** `GET /sim/state`: ground truth plus where each PLC listens and which protocol faults it plays. */
export interface SimState extends PlantTruth {
  /** Simulated time, ISO-8601 UTC. */
  time: string;
  speed: number;
  /** Simulated seconds per plant step (faults start, ramp and expire on step boundaries). */
  stepS: number;
  /** True while the plant cannot keep up with the speed asked for (simulated time runs slower). */
  lagging: boolean;
  plcs: PlcState[];
}

/** What the control API needs; `Simulator` is the real one. */
export interface SimControl {
  state(): SimState;
  readonly speed: number;
  setSpeed(factor: number): void;
  addFault(spec: FaultSpec): Promise<ActiveFault>;
  listFaults(): ActiveFault[];
  /** False when there is no such fault. */
  clearFault(id: string): Promise<boolean>;
}

export class Simulator implements SimControl {
  constructor(
    readonly runner: SimRunner,
    readonly servers: readonly PlcServer[],
    readonly faults: FaultBook,
  ) {}

  state(): SimState {
    const truth = this.runner.plant.truth();
    return {
      ...truth,
      time: new Date(this.runner.simTimeMs()).toISOString(),
      speed: this.runner.speed,
      stepS: this.runner.stepS,
      lagging: this.runner.lagging,
      plcs: this.servers.map((s) => ({ ...s.status(), endpoint: s.endpoint })),
    };
  }

  get speed(): number {
    return this.runner.speed;
  }

  setSpeed(factor: number): void {
    this.runner.setSpeed(factor);
  }

  addFault(spec: FaultSpec): Promise<ActiveFault> {
    return this.faults.add(spec);
  }

  listFaults(): ActiveFault[] {
    return this.faults.list();
  }

  clearFault(id: string): Promise<boolean> {
    return this.faults.remove(id);
  }
}

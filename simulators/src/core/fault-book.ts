// The faults in force and scheduled: process faults go to the plant, protocol faults to the target PLC's server;
// start, ramp and expiry in sim time.
import {
  isProtocolFault,
  MULTIPLIER_FAULTS,
  protocolStateOf,
  UNRAMPABLE_FAULTS,
  type ActiveFault,
  type FaultSpec,
  type ProtocolFaultKind,
  type ProtocolFaultState,
} from './faults.js';
import type { ProtocolFaultTarget } from '@zld/protocols';
import type { PlantPort, ProcessFault } from './plant-port.js';

/** A fault request the simulator cannot honour (answered as 400). */
export class FaultRequestError extends Error {
  override name = 'FaultRequestError';
}

export const MAX_SLOW_MS = 60_000;

interface Entry {
  fault: ActiveFault;
  startsAtMs: number;
  /** Set once the fault is in force. */
  startedAtMs: number | null;
  rampS: number | null;
}

export class FaultBook {
  private readonly entries = new Map<string, Entry>();
  private readonly targets: ReadonlyMap<string, ProtocolFaultTarget>;
  private readonly chains = new Map<string, Promise<void>>();
  private next = 1;

  constructor(
    private readonly plant: PlantPort,
    targets: readonly ProtocolFaultTarget[],
    private readonly simTimeMs: () => number,
    private readonly onError: (err: unknown) => void = (err) =>
      console.error('fault handling failed:', err),
  ) {
    this.targets = new Map(targets.map((t) => [t.plcId, t] as const));
  }

  /**
   * Starts a fault, or schedules it (`at`, `atS`); resolves once it is in force (an OPC UA
   * server stopped, for instance) or booked. A scheduled fault is checked against the plant when it
   * is asked for, so a bad target is refused at once, not when it falls due.
   */
  async add(spec: FaultSpec): Promise<ActiveFault> {
    const now = this.simTimeMs();
    const startsAtMs = this.startOf(spec, now);
    checkShape(spec);
    const id = `F-${this.next++}`;
    const fault: ActiveFault = {
      id,
      kind: spec.kind,
      target: spec.target,
      ...(spec.magnitude !== undefined ? { magnitude: spec.magnitude } : {}),
      ...(spec.durationS !== undefined ? { durationS: spec.durationS } : {}),
      ...(spec.shape !== undefined ? { shape: spec.shape } : {}),
      ...(spec.rampS !== undefined ? { rampS: spec.rampS } : {}),
      state: 'scheduled',
      startsAt: new Date(startsAtMs).toISOString(),
    };
    if (spec.at !== undefined) fault.at = spec.at;
    if (spec.atS !== undefined) fault.atS = spec.atS;
    const entry: Entry = {
      fault,
      startsAtMs,
      startedAtMs: null,
      rampS: spec.shape === 'ramp' ? spec.rampS! : null,
    };
    if (isProtocolFault(spec.kind)) this.checkProtocolFault(spec);
    else this.checkProcessFault(entry);
    this.entries.set(id, entry);
    if (startsAtMs <= now) await this.start(entry, now);
    return fault;
  }

  list(): ActiveFault[] {
    return [...this.entries.values()].map((e) => e.fault);
  }

  /** Clears a fault (or a scheduled one); false when there is no such fault. */
  async remove(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    if (e.startedAtMs === null) return true;
    if (isProtocolFault(e.fault.kind)) await this.sync(e.fault.target);
    else this.plant.removeFault(id);
    return true;
  }

  /**
   * Brings the faults to simulated time `simMs` (called after every step): starts the scheduled ones
   * that are due, moves ramps on, and clears those whose duration has run out.
   */
  tick(simMs: number): void {
    for (const [id, e] of this.entries) {
      if (e.startedAtMs === null) {
        if (e.startsAtMs <= simMs) this.start(e, simMs).catch(this.onError);
        continue;
      }
      const end = e.fault.durationS !== undefined ? e.startedAtMs + e.fault.durationS * 1000 : null;
      if (end !== null && end <= simMs) {
        this.remove(id).catch(this.onError);
        continue;
      }
      if (e.rampS !== null && !isProtocolFault(e.fault.kind))
        this.plant.addFault(this.toPlant(e, simMs));
    }
  }

  /** The former name of `tick`. */
  expire(simMs: number): void {
    this.tick(simMs);
  }

  /** Clears every fault (shutdown). */
  async clear(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.remove(id)));
  }

  private startOf(spec: FaultSpec, now: number): number {
    if (spec.at !== undefined && spec.atS !== undefined)
      throw new FaultRequestError('give at or atS, not both');
    if (spec.atS !== undefined) {
      if (!(Number.isFinite(spec.atS) && spec.atS >= 0))
        throw new FaultRequestError('atS: simulated seconds from now, 0 or more');
      return now + spec.atS * 1000;
    }
    if (spec.at !== undefined) {
      const t = Date.parse(spec.at);
      if (!Number.isFinite(t)) throw new FaultRequestError(`at: not an ISO-8601 time: ${spec.at}`);
      return Math.max(now, t);
    }
    return now;
  }

  private async start(e: Entry, simMs: number): Promise<void> {
    e.startedAtMs = simMs;
    e.fault.state = 'active';
    e.fault.startedAt = new Date(simMs).toISOString();
    if (e.fault.durationS !== undefined)
      e.fault.expiresAt = new Date(simMs + e.fault.durationS * 1000).toISOString();
    if (isProtocolFault(e.fault.kind)) {
      await this.sync(e.fault.target);
      return;
    }
    try {
      this.plant.addFault(this.toPlant(e, simMs));
    } catch (err) {
      this.entries.delete(e.fault.id);
      throw new FaultRequestError(
        `${e.fault.kind} on ${e.fault.target}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  /** The fault as the plant takes it, with a ramp's magnitude at `simMs`. */
  private toPlant(e: Entry, simMs: number): ProcessFault {
    const f = e.fault;
    let magnitude = f.magnitude;
    if (e.rampS !== null && magnitude !== undefined) {
      const since = e.startedAtMs === null ? 0 : (simMs - e.startedAtMs) / 1000;
      const frac = e.rampS <= 0 ? 1 : Math.min(1, Math.max(0, since / e.rampS));
      const from = MULTIPLIER_FAULTS.has(f.kind) ? 1 : 0;
      magnitude = from + (magnitude - from) * frac;
      f.currentMagnitude = magnitude;
    }
    return {
      id: f.id,
      kind: f.kind as ProcessFault['kind'],
      target: f.target,
      ...(magnitude !== undefined ? { magnitude } : {}),
    };
  }

  /** Checks a process fault that is not yet due against the plant (when the plant can check without acting). */
  private checkProcessFault(e: Entry): void {
    if (e.startsAtMs <= this.simTimeMs() || !this.plant.checkFault) return; // start() checks it
    try {
      this.plant.checkFault(this.toPlant(e, e.startsAtMs));
    } catch (err) {
      throw new FaultRequestError(
        `${e.fault.kind} on ${e.fault.target}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  private checkProtocolFault(spec: FaultSpec): void {
    const t = this.targets.get(spec.target);
    if (!t)
      throw new FaultRequestError(
        `${spec.kind}: target must be a PLC id (${[...this.targets.keys()].join(', ')})`,
      );
    if (!t.protocolFaults.includes(spec.kind as ProtocolFaultKind))
      throw new FaultRequestError(`${spec.kind} does not apply to ${spec.target}`);
    const m = spec.magnitude;
    if (spec.kind === 'plc-slow' && m !== undefined && !(m >= 0 && m <= MAX_SLOW_MS))
      throw new FaultRequestError(`plc-slow: magnitude is the delay in ms, 0 to ${MAX_SLOW_MS}`);
    if (
      spec.kind === 'modbus-exception' &&
      m !== undefined &&
      !(Number.isInteger(m) && m >= 1 && m <= 255)
    )
      throw new FaultRequestError('modbus-exception: magnitude is the exception code, 1 to 255');
  }

  /** Brings the PLC's server to the state of the faults now in force, one change at a time. */
  private sync(plcId: string): Promise<void> {
    const target = this.targets.get(plcId);
    if (!target) return Promise.resolve();
    const run = () => target.applyFaults(this.stateOf(plcId));
    const p = (this.chains.get(plcId) ?? Promise.resolve()).then(run, run);
    this.chains.set(
      plcId,
      p.catch(() => undefined),
    );
    return p;
  }

  private stateOf(plcId: string): ProtocolFaultState {
    return protocolStateOf(
      [...this.entries.values()]
        .filter((e) => e.startedAtMs !== null)
        .map((e) => e.fault)
        .filter((f) => f.target === plcId && isProtocolFault(f.kind)),
    );
  }
}

function checkShape(spec: FaultSpec): void {
  if (spec.shape === undefined || spec.shape === 'step') {
    if (spec.rampS !== undefined) throw new FaultRequestError('rampS goes with shape: ramp');
    return;
  }
  if (spec.shape !== 'ramp')
    throw new FaultRequestError(`shape: step or ramp, not ${String(spec.shape)}`);
  if (isProtocolFault(spec.kind) || UNRAMPABLE_FAULTS.has(spec.kind))
    throw new FaultRequestError(`${spec.kind} has no magnitude to ramp`);
  if (spec.magnitude === undefined) throw new FaultRequestError('a ramp needs a magnitude');
  if (!(spec.rampS !== undefined && Number.isFinite(spec.rampS) && spec.rampS > 0))
    throw new FaultRequestError('a ramp needs rampS, simulated seconds, more than 0');
}

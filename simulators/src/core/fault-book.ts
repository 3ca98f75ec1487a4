// The faults in force: process faults go to the plant, protocol faults to the target PLC's server; expiry in sim time.
import {
  isProtocolFault,
  protocolStateOf,
  type ActiveFault,
  type FaultSpec,
  type ProtocolFaultKind,
  type ProtocolFaultState,
} from './faults.js';
import type { ProtocolFaultTarget } from '@zld/protocols';
import type { PlantPort } from './plant-port.js';

/** A fault request the simulator cannot honour (answered as 400). */
export class FaultRequestError extends Error {
  override name = 'FaultRequestError';
}

export const MAX_SLOW_MS = 60_000;

interface Entry {
  fault: ActiveFault;
  expiresAtMs: number | null;
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

  /** Starts a fault; resolves once it is in force (an OPC UA server stopped, for instance). */
  async add(spec: FaultSpec): Promise<ActiveFault> {
    const now = this.simTimeMs();
    const id = `F-${this.next++}`;
    const fault: ActiveFault = {
      id,
      kind: spec.kind,
      target: spec.target,
      ...(spec.magnitude !== undefined ? { magnitude: spec.magnitude } : {}),
      ...(spec.durationS !== undefined ? { durationS: spec.durationS } : {}),
      startedAt: new Date(now).toISOString(),
    };
    const expiresAtMs = spec.durationS !== undefined ? now + spec.durationS * 1000 : null;
    if (expiresAtMs !== null) fault.expiresAt = new Date(expiresAtMs).toISOString();

    if (isProtocolFault(spec.kind)) {
      this.checkProtocolFault(spec);
      this.entries.set(id, { fault, expiresAtMs });
      await this.sync(spec.target);
    } else {
      try {
        this.plant.addFault({
          id,
          kind: spec.kind,
          target: spec.target,
          ...(spec.magnitude !== undefined ? { magnitude: spec.magnitude } : {}),
        });
      } catch (err) {
        throw new FaultRequestError(`${spec.kind} on ${spec.target}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      this.entries.set(id, { fault, expiresAtMs });
    }
    return fault;
  }

  list(): ActiveFault[] {
    return [...this.entries.values()].map((e) => e.fault);
  }

  /** Clears a fault; false when there is no such fault. */
  async remove(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    if (isProtocolFault(e.fault.kind)) await this.sync(e.fault.target);
    else this.plant.removeFault(id);
    return true;
  }

  /** Clears the faults whose duration has run out by `simMs` (called after every step). */
  expire(simMs: number): void {
    for (const [id, e] of this.entries)
      if (e.expiresAtMs !== null && e.expiresAtMs <= simMs) this.remove(id).catch(this.onError);
  }

  /** Clears every fault (shutdown). */
  async clear(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.remove(id)));
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
      this.list().filter((f) => f.target === plcId && isProtocolFault(f.kind)),
    );
  }
}

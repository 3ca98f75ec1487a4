// The process model stepped in plant time, read at the PLCs' scan periods into the real gateway runtime, alarm and balance services.
import {
  AlarmJournal,
  AlarmService,
  BalanceService,
  createRuntime,
  wallTimebase,
  type DriverWiring,
  type Runtime,
} from '@zld/gateway';
import type { Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { FaultBook, PlantSim, type ProcessFault, type ProcessFaultKind } from '@zld/simulators';
import { ManualClock, TagEngine, type Quality } from '@zld/tags';

export interface HeadlessOptions {
  seed?: number;
  /** Plant time the model runs alone before the gateway reads it (default 1 h). */
  warmUpS?: number;
  /** Plant epoch at the end of the warm-up. */
  startMs?: number;
  plant?: Plant;
}

/** One read of every PLC tag due at this time; scans of one scan class read all its tags at once. */
interface ScanGroup {
  periodMs: number;
  tags: { name: string; quality: boolean }[];
}

/**
 * What runs here is the gateway's code path after the drivers: the tag sink with its stamping, the tag
 * engine with every tag's deadband and staleness, the runtime's batching, the AlarmService (journal in
 * memory) and the BalanceService. What is left out is only the transport (Modbus TCP, OPC UA and the
 * simulator's real-time pacing), so a simulated day takes a minute instead of a quarter of an hour at
 * 100x, and every tag is read at its real scan period in plant time (at 100x over sockets a 1 s scan is
 * 100 plant seconds apart). Quality travels as it would: only PLC-200 (OPC UA) carries the model's
 * quality; Modbus has no quality bits, so a stuck transmitter there reads Good.
 */
export class HeadlessPlant {
  readonly plant: Plant;
  readonly sim: PlantSim;
  readonly clock: ManualClock;
  readonly runtime: Runtime;
  readonly alarms: AlarmService;
  readonly balance: BalanceService;
  /** Faults as the simulators' control API books them: scheduled, ramped and expired on plant steps. */
  readonly faultBook: FaultBook;
  /** Faults that fell due and could not start (the scenario reports them). */
  readonly faultErrors: Error[] = [];
  private readonly sink: DriverWiring['sink'];
  private readonly groups: ScanGroup[];
  private faults = 0;
  /** The model steps 1 plant second at a time; a fast (500 ms) scan then reads the same value twice. */
  private readonly stepMs = 1000;

  constructor(options: HeadlessOptions = {}) {
    this.plant = options.plant ?? loadPlant();
    this.sim = new PlantSim({ plant: this.plant, seed: options.seed ?? 1 });
    const warmUpS = options.warmUpS ?? 3600;
    for (let s = 0; s < warmUpS; s += 1) this.sim.step(1);
    this.clock = new ManualClock(options.startMs ?? Date.parse('2026-03-02T06:00:00.000Z'));
    const engine = new TagEngine(this.plant, { startTs: this.clock.now() });
    let sink: DriverWiring['sink'] | undefined;
    this.runtime = createRuntime({
      plant: this.plant,
      engine,
      timebase: wallTimebase(this.clock),
      drivers: (wiring) => {
        sink = wiring.sink;
        return [];
      },
    });
    this.sink = sink!;
    this.groups = scanGroups(this.plant);
    this.alarms = new AlarmService({
      plant: this.plant,
      source: this.runtime,
      clock: this.clock,
      journal: new AlarmJournal(':memory:'),
      evaluateEveryMs: 0,
      saveEveryMs: 0,
    });
    // As the gateway wires it: the balance reads every scanned sample before the deadband.
    this.balance = new BalanceService({
      plant: this.plant,
      source: this.runtime,
      raw: this.runtime,
      clock: this.clock,
      computeEveryMs: 0,
    });
    this.alarms.start();
    this.balance.start();
    // Protocol faults need the sockets (none here): the book knows no PLC servers.
    this.faultBook = new FaultBook(
      this.sim,
      [],
      () => this.clock.now(),
      (err) => this.faultErrors.push(err as Error),
    );
  }

  /** Plant time now, epoch ms. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Runs `seconds` of plant time: the model in 1 s steps, each scan class read when its period is due,
   * the balance computed and the alarms evaluated every plant second. `each` sees every plant second; a
   * truthy answer stops the run early (and is returned).
   */
  async run<T>(
    seconds: number,
    each?: (t: number) => T | undefined | false,
  ): Promise<T | undefined> {
    const steps = Math.round((seconds * 1000) / this.stepMs);
    for (let k = 1; k <= steps; k++) {
      this.sim.step(this.stepMs / 1000);
      this.clock.advance(this.stepMs);
      const t = this.clock.now();
      this.faultBook.tick(t);
      for (const g of this.groups) if (t % g.periodMs < this.stepMs) this.scan(g);
      await new Promise((resolve) => setImmediate(resolve));
      this.balance.tick();
      this.alarms.tick();
      const done = each?.(t);
      if (done) return done;
    }
    return undefined;
  }

  /** A process fault, as the simulator's control API would add it; answers its id. */
  addFault(kind: ProcessFaultKind, target: string, magnitude?: number): string {
    const fault: ProcessFault = {
      id: `f${++this.faults}`,
      kind,
      target,
      ...(magnitude !== undefined ? { magnitude } : {}),
    };
    this.sim.addFault(fault);
    return fault.id;
  }

  removeFault(id: string): void {
    this.sim.removeFault(id);
  }

  stop(): void {
    this.balance.stop();
    this.alarms.stop();
  }

  private scan(g: ScanGroup): void {
    for (const tag of g.tags) {
      const value = this.sim.read(tag.name);
      const quality: Quality = tag.quality ? (this.sim.quality(tag.name) ?? 'Good') : 'Good';
      this.sink(tag.name, value, quality, undefined);
    }
  }
}

function scanGroups(plant: Plant): ScanGroup[] {
  const groups = new Map<number, ScanGroup>();
  for (const t of plant.tags) {
    if (t.computed || t.plc === undefined || t.scanClass === undefined) continue;
    const plc = plant.plcById.get(t.plc)!;
    if (t.name === plc.clockTag) continue;
    const periodMs = plc.scanClasses[t.scanClass]!.periodMs;
    const g = groups.get(periodMs) ?? { periodMs, tags: [] };
    g.tags.push({ name: t.name, quality: plc.protocol === 'opcua' });
    groups.set(periodMs, g);
  }
  return [...groups.values()];
}

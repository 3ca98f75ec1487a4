// Process faults (leak, outfall-open, sensor-drift/stuck/noise, pump-trip, vent-loss, carry-over, centrifuge-imbalance,
// fouling, foaming): validation and their effect.
import type { Plant } from '@zld/plant';
import type { SensorFaults } from '../models/sensor.js';
import type { ProcessFault } from '../core/plant-port.js';
import { PUMPS } from './equipment.js';
import type { TankId } from './process-state.js';
import { TANK_IDS } from './process-state.js';
import type { ProcessFaults } from './step-scratch.js';

/** Defaults when a fault comes without a magnitude. */
export const FAULT_DEFAULTS = {
  leakLh: 5,
  outfallDrainLh: 5,
  driftPct: 2,
  noisePctSpan: 2,
  ventLossPct: 10,
  /** Carry-over: a multiplier on the evaporator's droplet carry-over into the distillate. */
  carryOverFactor: 100,
  /** Centrifuge imbalance: a multiplier on its vibration. */
  imbalanceFactor: 3,
  /** Fouling: % of the evaporator heater's U·A lost. */
  foulingPct: 30,
  /** Foaming: severity in % (100 = heavy foam). */
  foamingPct: 50,
} as const;

const LEAK_TARGETS = new Set<string>([
  ...TANK_IDS.filter((t) => !['SU-902', 'sx-bund'].includes(t)),
  'EV-500',
  'CR-600',
]);
const OUTFALL_SOURCES = new Set<string>(['TK-402', 'TK-701']);
const VENTED = new Set<string>(['EV-500', 'CR-600']);

/** Throws with a plain message when the fault does not fit the plant. */
export function checkFault(
  plant: Plant,
  f: Readonly<ProcessFault>,
  measured: ReadonlySet<string>,
): void {
  const bad = (why: string): never => {
    throw new RangeError(`${f.kind} on ${f.target}: ${why}`);
  };
  if (f.magnitude !== undefined && !Number.isFinite(f.magnitude)) bad('magnitude must be a number');
  switch (f.kind) {
    case 'leak':
      if (!LEAK_TARGETS.has(f.target))
        bad(`not a tank or vessel (one of ${[...LEAK_TARGETS].join(', ')})`);
      if ((f.magnitude ?? 0) < 0) bad('a leak is a positive L/h');
      return;
    case 'outfall-open':
      if (f.target !== 'XV-901' && !OUTFALL_SOURCES.has(f.target))
        bad('target XV-901, TK-402 or TK-701');
      return;
    case 'sensor-drift':
    case 'sensor-stuck':
    case 'sensor-noise':
      if (!measured.has(f.target)) bad('not a measured tag of this plant');
      return;
    case 'pump-trip':
      if (!PUMPS[f.target] || !plant.equipmentById.has(f.target))
        bad('not a pump, drive or compressor of the plant');
      return;
    case 'vent-loss':
      if (!VENTED.has(f.target)) bad('target EV-500 or CR-600');
      return;
    case 'carry-over':
      if (f.target !== 'EV-500') bad('target EV-500');
      if ((f.magnitude ?? 1) < 1) bad('magnitude is a multiplier of the carry-over, 1 or more');
      return;
    case 'fouling':
    case 'foaming':
      if (f.target !== 'EV-500') bad('target EV-500');
      if (f.magnitude !== undefined && !(f.magnitude >= 0 && f.magnitude <= 100))
        bad(
          f.kind === 'fouling'
            ? 'magnitude is the % of U·A lost, 0 to 100'
            : 'magnitude is a severity in %, 0 to 100',
        );
      return;
    case 'centrifuge-imbalance':
      if (f.target !== 'CF-610' || !plant.equipmentById.has(f.target)) bad('target CF-610');
      if ((f.magnitude ?? 1) < 1) bad('magnitude is a multiplier of the vibration, 1 or more');
      return;
  }
}

/** The combined process effect of the faults in force. */
export function processFaultsOf(faults: Iterable<ProcessFault>): ProcessFaults {
  const out: ProcessFaults = {
    leakLh: {},
    ventLoss: {},
    pumpTrip: new Set<string>(),
    outfall: { open: false, drainLh: 0, from: 'TK-402' },
    evaporator: { carryOverFactor: 1, uaFactor: 1, foaming: 0 },
    imbalance: {},
  };
  const ev = out.evaporator;
  const trips = out.pumpTrip as Set<string>;
  for (const f of faults) {
    if (f.kind === 'leak')
      out.leakLh[f.target] = (out.leakLh[f.target] ?? 0) + (f.magnitude ?? FAULT_DEFAULTS.leakLh);
    else if (f.kind === 'vent-loss')
      out.ventLoss[f.target] =
        (out.ventLoss[f.target] ?? 0) + (f.magnitude ?? FAULT_DEFAULTS.ventLossPct) / 100;
    else if (f.kind === 'pump-trip') trips.add(f.target);
    else if (f.kind === 'outfall-open') {
      const from = (OUTFALL_SOURCES.has(f.target) ? f.target : 'TK-402') as TankId;
      const drain =
        f.target === 'XV-901' ? (f.magnitude ?? 0) : (f.magnitude ?? FAULT_DEFAULTS.outfallDrainLh);
      out.outfall = { open: true, drainLh: out.outfall.drainLh + drain, from };
    } else if (f.kind === 'carry-over')
      ev.carryOverFactor *= f.magnitude ?? FAULT_DEFAULTS.carryOverFactor;
    else if (f.kind === 'fouling')
      ev.uaFactor *= 1 - (f.magnitude ?? FAULT_DEFAULTS.foulingPct) / 100;
    else if (f.kind === 'foaming')
      ev.foaming = Math.min(1, ev.foaming + (f.magnitude ?? FAULT_DEFAULTS.foamingPct) / 100);
    else if (f.kind === 'centrifuge-imbalance')
      out.imbalance[f.target] =
        (out.imbalance[f.target] ?? 1) * (f.magnitude ?? FAULT_DEFAULTS.imbalanceFactor);
  }
  return out;
}

/** Sensor faults by tag. */
export function sensorFaultsOf(faults: Iterable<ProcessFault>): Map<string, SensorFaults> {
  const out = new Map<string, SensorFaults>();
  for (const f of faults) {
    const cur = out.get(f.target) ?? {};
    if (f.kind === 'sensor-drift')
      out.set(f.target, {
        ...cur,
        driftPct: (cur.driftPct ?? 0) + (f.magnitude ?? FAULT_DEFAULTS.driftPct),
      });
    else if (f.kind === 'sensor-stuck') out.set(f.target, { ...cur, stuck: true });
    else if (f.kind === 'sensor-noise')
      out.set(f.target, {
        ...cur,
        extraNoisePctSpan:
          (cur.extraNoisePctSpan ?? 0) + (f.magnitude ?? FAULT_DEFAULTS.noisePctSpan),
      });
  }
  return out;
}

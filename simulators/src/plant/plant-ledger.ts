// The plant's true water books: boundary terms (what crosses the plant boundary) and per-unit ledgers, kg.
import type { WaterTerms } from '../models/ledger.js';
import { accumulate, emptyTerms } from '../models/ledger.js';

/** Boundary terms of plant model §5, kg (accumulated) — the truth behind the balance the gateway computes. */
export interface BoundaryTerms {
  makeup: number;
  hclWater: number;
  naohWater: number;
  oxalicCrystalWater: number;
  feedMoisture: number;
  reaction: number;
  feResidue: number;
  oxalateCake: number;
  saltCake: number;
  dryerVapour: number;
  vents: number;
  export: number;
  discharge: number;
  /** Unmetered liquid losses (leak faults). */
  leaks: number;
}

export const INPUT_TERMS = [
  'makeup',
  'hclWater',
  'naohWater',
  'oxalicCrystalWater',
  'feedMoisture',
] as const;
export const OUTPUT_TERMS = [
  'feResidue',
  'oxalateCake',
  'saltCake',
  'dryerVapour',
  'vents',
  'export',
  'discharge',
] as const;

export function emptyBoundary(): BoundaryTerms {
  return {
    makeup: 0,
    hclWater: 0,
    naohWater: 0,
    oxalicCrystalWater: 0,
    feedMoisture: 0,
    reaction: 0,
    feResidue: 0,
    oxalateCake: 0,
    saltCake: 0,
    dryerVapour: 0,
    vents: 0,
    export: 0,
    discharge: 0,
    leaks: 0,
  };
}

export function addBoundary(a: BoundaryTerms, b: Readonly<BoundaryTerms>): BoundaryTerms {
  for (const k of Object.keys(a) as (keyof BoundaryTerms)[]) a[k] += b[k];
  return a;
}

export function boundaryIn(b: Readonly<BoundaryTerms>): number {
  return INPUT_TERMS.reduce((s, k) => s + b[k], 0);
}

export function boundaryOut(b: Readonly<BoundaryTerms>): number {
  return OUTPUT_TERMS.reduce((s, k) => s + b[k], 0);
}

/** inputs + reaction − outputs − leaks − accumulation: zero when the plant's books close. */
export function plantResidual(b: Readonly<BoundaryTerms>, accumulationKg: number): number {
  return boundaryIn(b) + b.reaction - boundaryOut(b) - b.leaks - accumulationKg;
}

/** Running totals: the boundary and every unit's ledger since the start. */
export class PlantLedger {
  readonly boundary: BoundaryTerms = emptyBoundary();
  readonly units: Record<string, WaterTerms> = {};
  readonly startHoldupKg: number;

  constructor(startHoldupKg: number) {
    this.startHoldupKg = startHoldupKg;
  }

  add(boundary: Readonly<BoundaryTerms>, units: Readonly<Record<string, WaterTerms>>): void {
    addBoundary(this.boundary, boundary);
    for (const id in units) {
      const t = units[id];
      if (t) accumulate((this.units[id] ??= emptyTerms()), t);
    }
  }

  residualKg(holdupKg: number): number {
    return plantResidual(this.boundary, holdupKg - this.startHoldupKg);
  }
}

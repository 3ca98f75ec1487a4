// Lumped heat balance of a stirred vessel: heater, through-flow at inlet temperature, loss to ambient (exact step).

export interface ThermalParams {
  /** Liquid held, kg, and its specific heat, kJ/(kg·K). */
  massKg: number;
  cp: number;
  /** Loss coefficient to ambient, kW/K. */
  lossKwK: number;
  ambientC: number;
}

export interface ThermalInputs {
  heaterKw: number;
  /** Through-flow, kg/h, entering at `inletC`. */
  flowKgH: number;
  inletC: number;
}

/** Steady temperature for the inputs, °C. */
export function thermalSteady(p: Readonly<ThermalParams>, u: Readonly<ThermalInputs>): number {
  const fcp = (u.flowKgH / 3600) * p.cp;
  const g = fcp + p.lossKwK;
  return g > 0 ? (u.heaterKw + fcp * u.inletC + p.lossKwK * p.ambientC) / g : p.ambientC;
}

/** Temperature after `dtS` seconds (exact solution of the linear first-order balance). */
export function thermalStep(
  p: Readonly<ThermalParams>,
  tC: number,
  u: Readonly<ThermalInputs>,
  dtS: number,
): number {
  const g = (u.flowKgH / 3600) * p.cp + p.lossKwK;
  if (!(g > 0)) return tC + (u.heaterKw * dtS) / (p.massKg * p.cp);
  const tau = (p.massKg * p.cp) / g;
  const tInf = thermalSteady(p, u);
  return tInf + (tC - tInf) * Math.exp(-dtS / tau);
}

/** Heater duty that holds `tC` at steady state, kW (for start-up states and feed-forward). */
export function heaterForSteady(
  p: Readonly<ThermalParams>,
  tC: number,
  flowKgH: number,
  inletC: number,
): number {
  return (flowKgH / 3600) * p.cp * (tC - inletC) + p.lossKwK * (tC - p.ambientC);
}

// Transmitter characteristics for each measured tag, derived from its ISA letters, unit and span (plant model §3).
import type { TagDef } from '@zld/plant';
import type { SensorParams } from '../models/sensor.js';

/** Tags the PLC computes itself or that are discrete: no transmitter model. */
export function isAnalogMeasurement(t: Readonly<TagDef>): boolean {
  if (t.computed || t.dataType === 'bool' || t.name.includes('.')) return false;
  if (/^(KI|FQ|FFY)-/.test(t.name)) return false;
  return true;
}

/**
 * Lag, noise and dead time by measured variable: flow 0.5-1 s and 0.25 % of reading; level 1-2 s and 0.1 %
 * of span; pressure 0.2-0.5 s; temperature in a thermowell 10-30 s; pH 10-30 s with σ 0.02; conductivity
 * 5-10 s; online REE analysers 2-10 min dead time.
 */
export function sensorParamsFor(t: Readonly<TagDef>): SensorParams {
  const span = t.range;
  const width = span[1] - span[0];
  const first = t.name.split('-')[0] ?? '';
  const base = { span, bits: 16 } as const;
  if (t.unit === 'pH') return { ...base, tauS: 15, noise: 0.02 / width, noiseBasis: 'span' };
  if (t.unit === 'µS/cm') return { ...base, tauS: 7, noise: 0.01, noiseBasis: 'reading' };
  if (first === 'LIT') return { ...base, tauS: 5, noise: 0.004, noiseBasis: 'span' };
  switch (first[0]) {
    case 'F':
      return { ...base, tauS: 0.8, noise: 0.0025, noiseBasis: 'reading' };
    case 'L':
      return { ...base, tauS: 1.5, noise: 0.001, noiseBasis: 'span' };
    case 'P':
      return { ...base, tauS: 0.3, noise: 0.001, noiseBasis: 'span' };
    case 'T':
      return { ...base, tauS: 15, noise: 0.0005, noiseBasis: 'span' };
    case 'S':
      return { ...base, tauS: 0.5, noise: 0.001, noiseBasis: 'span' };
    case 'D':
      return { ...base, tauS: 5, noise: 0.0005, noiseBasis: 'reading' };
    case 'J':
      return { ...base, tauS: 1, noise: 0.005, noiseBasis: 'reading' };
    case 'W':
      return { ...base, tauS: 30, noise: 0.005, noiseBasis: 'reading' };
    case 'V':
      return { ...base, tauS: 2, noise: 0.03, noiseBasis: 'reading' };
    case 'A':
      if (t.unit === 'g/L' && /^AI-(107|208|209)$/.test(t.name))
        return { ...base, tauS: 30, deadTimeS: 300, noise: 0.01, noiseBasis: 'reading' };
      if (t.unit === '%LEL') return { ...base, tauS: 10, noise: 0.002, noiseBasis: 'span' };
      return { ...base, tauS: 30, noise: 0.01, noiseBasis: 'reading' };
    default:
      return { ...base, tauS: 1, noise: 0.001, noiseBasis: 'span' };
  }
}

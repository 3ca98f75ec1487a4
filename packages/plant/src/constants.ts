// Plain constants of the plant vocabulary (no zod, no Node): safe for the HMI bundle via `@zld/plant/constants`.

/** ISA-5.1 style: `FT-001`, `LIC-402`, `LIC-402.SP`, `P-405.RUN`, `XV-901.CMD`. */
export const TAG_NAME = /^[A-Z]{1,5}-\d{3}[A-Z]?(\.[A-Z]{2,8})?$/;

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

export const DATA_TYPES = [
  'bool',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'float32',
  'float64',
] as const;

export const LIMIT_TYPES = ['LL', 'L', 'H', 'HH'] as const;

/** Every alarm type: the four limits, rate of change, discrete states and direct (plant-level) alarms. */
export const ALARM_TYPES = [...LIMIT_TYPES, 'ROC', 'DISCRETE', 'DIRECT'] as const;

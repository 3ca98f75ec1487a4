// Plain constants of the plant vocabulary (no zod, no Node): safe for the HMI bundle via `@zld/plant/constants`.

/**
 * ISA-5.1 style: `FT-001`, `LIC-402`, `LIC-402.SP`, `P-405.RUN`, `XV-901.CMD`. The pilot's names follow it;
 * a plant may keep its PLC's own names (`NAME`), and the loader then warns (a lint, not an error).
 */
export const TAG_NAME = /^[A-Z]{1,5}-\d{3}[A-Z]?(\.[A-Z]{2,8})?$/;

/**
 * A PLC's own tag or PLC name: letters, digits and `_ - . :`, starting with a letter, a digit or `_`,
 * at most 64 characters (`Line1_Temp`, `Pump.Run`, `PLC_1`, `Motor:Speed`). Every name the plant file
 * gives a tag or a PLC has this form, so URLs, historian series, metric labels and alarm ids can carry it.
 */
export const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;

/** The units a water-balance level tag may read (the balance turns them into metres of liquid). */
export const LEVEL_UNITS = ['%', 'm', 'mm'] as const;

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

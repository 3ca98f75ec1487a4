// The alarm vocabulary as plain lists (no engine, no Node): safe for the HMI bundle via `@zld/alarms/constants`.

/** The ISA-18.2 states the engine derives from each alarm's flags (see `isaStateOf`). */
export const ISA_STATES = [
  'Normal',
  'Unack-Active',
  'Ack-Active',
  'RTN-Unack',
  'Shelved',
  'Suppressed',
  'Out-of-service',
] as const;
export type IsaState = (typeof ISA_STATES)[number];

/** OPC UA Part 9 shelving states. */
export const SHELVING_STATES = ['Unshelved', 'TimedShelved', 'OneShotShelved'] as const;
export type Shelving = (typeof SHELVING_STATES)[number];

/** What a journal event records: one kind per state change. */
export const ALARM_EVENT_KINDS = [
  'activate',
  'clear',
  'ack',
  'realarm',
  'shelve',
  'one-shot-shelve',
  'unshelve',
  'auto-unshelve',
  'suppress',
  'unsuppress',
  'out-of-service',
  'in-service',
  'reset',
  'first-out-reset',
  'quality',
  /** An engineer changed the alarm's limit, deadband or delays. */
  'settings-change',
] as const;
export type AlarmEventKind = (typeof ALARM_EVENT_KINDS)[number];

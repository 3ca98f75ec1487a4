// The command path: HMI -> API -> command service (limits, interlocks, select-before-operate, audit) -> driver -> read-back.
export { CommandService } from './command-service.js';
export type {
  Actor,
  WriteCommand,
  CommandDone,
  CommandRejected,
  CommandResult,
  SelectDone,
  CancelDone,
  ReadbackFailure,
  CommandServiceOptions,
} from './command-service.js';
export { commandPlugin } from './command-plugin.js';
export type { CommandPluginOptions } from './command-plugin.js';
export { SelectRegistry, DEFAULT_SELECT_TIMEOUT_MS } from './select-registry.js';
export type { Selection } from './select-registry.js';
export { CommandLedger } from './command-ledger.js';
export {
  evaluateCondition,
  blockingInterlock,
  openedDischargePath,
  sameValue,
} from './interlocks.js';
export { definitionRefusal, qualityRefusal, stepRefusal, writeLimits } from './write-policy.js';
export { verifyReadback, DEFAULT_READBACK, settleMsOf, withinTolerance } from './readback.js';
export type { ReadbackFailureKind, ReadbackOptions, ReadbackResult } from './readback.js';
export { realSleep } from './plc-port.js';
export type { PlcPort, PortSample, Sleep } from './plc-port.js';
export type { Refusal, SboStatus } from './refusal.js';

// The alarm service (engine, journal, audit, read-back and PLC communication alarms), its routes and its socket.io event.
export { AlarmService } from './alarm-service.js';
export type {
  AlarmActor,
  AlarmAuditSink,
  AlarmCommandName,
  AlarmListener,
  AlarmServiceOptions,
  AlarmSource,
} from './alarm-service.js';
export { AlarmJournal, ALARM_JOURNAL_FILE } from './alarm-journal.js';
export type { JournalQuery } from './alarm-journal.js';
export { alarmRoutes, ALARM_ERROR_HTTP, windowOf } from './alarm-routes.js';
export type { AlarmRoutesOptions } from './alarm-routes.js';
export { alarmLive } from './alarm-live.js';
export type { AlarmLiveOptions } from './alarm-live.js';
export { toJournalEntryDto, toKpiDto, toFloodDto } from './alarm-dtos.js';
export { readbackAlarmDefs, readbackAlarmId } from './readback-alarms.js';
export type { ReadbackFailureInput } from './readback-alarms.js';
export { commAlarmDefs, commAlarmId, communicating } from './comm-alarms.js';

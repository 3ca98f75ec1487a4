// Alarm journal entries for tests, shaped as `GET /api/alarms/journal` answers them (flags derived from the state).
import type { AlarmJournalEntryDto, AlarmStateName, JournalKindDto } from '@zld/api';

export function journalEntry(
  seq: number,
  ts: number,
  alarmId: string,
  kind: JournalKindDto,
  from: AlarmStateName,
  to: AlarmStateName,
  extra: Partial<AlarmJournalEntryDto> = {},
): AlarmJournalEntryDto {
  return {
    seq,
    ts: new Date(ts).toISOString(),
    alarmId,
    tag: alarmId.split('.')[0]!,
    priority: 'high',
    kind,
    from,
    to,
    flags: {
      active: to === 'Unack-Active' || to === 'Ack-Active',
      acked: !(to === 'Unack-Active' || to === 'RTN-Unack'),
      shelving: to === 'Shelved' ? 'TimedShelved' : 'Unshelved',
      suppressed: to === 'Suppressed',
      outOfService: to === 'Out-of-service',
      latched: false,
      firstOut: false,
    },
    value: null,
    quality: 'Good',
    user: null,
    comment: null,
    message: null,
    ...extra,
  };
}

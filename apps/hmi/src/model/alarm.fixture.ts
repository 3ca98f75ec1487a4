// Alarm objects for tests, shaped like the alarm engine's public alarm.
import type { AlarmDto } from '../api/dto.js';

export function alarm(id: string, patch: Partial<AlarmDto> = {}): AlarmDto {
  return {
    id,
    tag: id.split('.').slice(0, -1).join('.') || id,
    message: `${id} message`,
    priority: 'medium',
    state: 'Unack-Active',
    active: true,
    acked: false,
    annunciated: true,
    activeSince: '2025-01-01T00:00:00.000Z',
    lastChange: '2025-01-01T00:00:00.000Z',
    eventId: 1,
    ...patch,
  };
}

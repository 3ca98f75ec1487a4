// Tag DTOs for tests, shaped like `GET /api/tags` elements.
import type { TagDto } from '@zld/api';

export function tagDto(name: string, patch: Partial<TagDto> = {}): TagDto {
  return {
    name,
    description: `${name} description`,
    area: 'zld-feed',
    unit: '%',
    dataType: 'float32',
    computed: false,
    range: [0, 100],
    deadband: 0,
    decimals: 1,
    writable: false,
    value: 50,
    quality: 'Good',
    ts: '2025-01-01T00:00:00.000Z',
    ...patch,
  };
}

// A tag as the API and the live stream show it: its definition (for displays) and its current value.
import type { DataType } from '@zld/plant';
import type { Quality } from '@zld/tags';

export type TagValueData = number | boolean | null;

/** One value in a `tags` socket.io batch, and the value part of `GET /api/tags`. */
export interface TagValueDto {
  name: string;
  /** null whenever the quality is Bad. */
  value: TagValueData;
  quality: Quality;
  /** ISO-8601 UTC: the source timestamp (device, or the gateway's receive time when the device has none). */
  ts: string;
}

export type LimitName = 'LL' | 'L' | 'H' | 'HH';

/** What a display needs of a tag's definition (addresses and alarm rationalization texts stay on the gateway). */
export interface TagDefinitionDto {
  name: string;
  description: string;
  area: string;
  equipment?: string;
  unit: string;
  dataType: DataType;
  /** The PLC the tag is read from; absent for computed tags. */
  plc?: string;
  computed: boolean;
  scanClass?: string;
  /** Engineering range (instrument span). */
  range: [number, number];
  /** Normal operating range. */
  normal?: [number, number];
  /** Publishing deadband, engineering units. */
  deadband: number;
  decimals: number;
  /** Labels of discrete values: `{ "0": "STOP", "1": "RUN" }`. */
  states?: Record<string, string>;
  writable: boolean;
  write?: { min?: number; max?: number; maxStep?: number; critical: boolean };
  /** Alarm limits (engineering units) from the master alarm database, for moving analog indicators. */
  limits?: Partial<Record<LimitName, number>>;
}

/** An element of `GET /api/tags` and the answer of `GET /api/tags/:name`. */
export type TagDto = TagDefinitionDto & TagValueDto;

// A tag as the API and the live stream show it: its definition (for displays) and its current value.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { DATA_TYPES, LIMIT_TYPES, NAME } from '@zld/plant/constants';
import { QualitySchema, TagValueDataSchema } from './common-schemas.js';
import { Named } from './component.js';
import { IsoDateTime, MapOf, Pair, StringEnum, Strict } from './json-types.js';

export type { TagValueData } from './common-schemas.js';

export const LimitNameSchema = StringEnum(LIMIT_TYPES);
export type LimitName = Static<typeof LimitNameSchema>;

const tagValueProperties = {
  name: Type.String(),
  /** null whenever the quality is Bad. */
  value: TagValueDataSchema,
  quality: QualitySchema,
  /** ISO-8601 UTC: the source timestamp (device, or the gateway's receive time when the device has none). */
  ts: IsoDateTime(),
};

/** One value in a `tags` socket.io batch, and the value part of `GET /api/tags`. */
export const TagValueSchema = Named('TagValue', Strict(tagValueProperties));
export type TagValueDto = Static<typeof TagValueSchema>;

const tagDefinitionProperties = {
  name: Type.String(),
  description: Type.String(),
  area: Type.String(),
  equipment: Type.Optional(Type.String()),
  unit: Type.String(),
  dataType: StringEnum(DATA_TYPES),
  /** The PLC the tag is read from; absent for computed tags. */
  plc: Type.Optional(Type.String()),
  computed: Type.Boolean(),
  scanClass: Type.Optional(Type.String()),
  /** Engineering range (instrument span). */
  range: Pair(),
  /** Normal operating range. */
  normal: Type.Optional(Pair()),
  /** Publishing deadband, engineering units. */
  deadband: Type.Number(),
  decimals: Type.Integer(),
  /** Labels of discrete values: `{ "0": "STOP", "1": "RUN" }`. */
  states: Type.Optional(MapOf(Type.String())),
  writable: Type.Boolean(),
  write: Type.Optional(
    Strict({
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
      maxStep: Type.Optional(Type.Number()),
      critical: Type.Boolean(),
    }),
  ),
  /** Alarm limits (engineering units) from the master alarm database, for moving analog indicators. */
  limits: Type.Optional(
    Strict({
      LL: Type.Optional(Type.Number()),
      L: Type.Optional(Type.Number()),
      H: Type.Optional(Type.Number()),
      HH: Type.Optional(Type.Number()),
    }),
  ),
};

/** What a display needs of a tag's definition (addresses and alarm rationalization texts stay on the gateway). */
export const TagDefinitionSchema = Strict(tagDefinitionProperties);
export type TagDefinitionDto = Static<typeof TagDefinitionSchema>;

/** An element of `GET /api/tags` and the answer of `GET /api/tags/:name`: definition and value. */
export const TagSchema = Named(
  'Tag',
  Strict({ ...tagDefinitionProperties, ...tagValueProperties }),
);
export type TagDto = Static<typeof TagSchema>;

/** `:name` of the read routes. */
export const TagNameParamsSchema = Strict({ name: Type.String({ minLength: 1, maxLength: 64 }) });

/** Every tag name the plant file allows (ISA-5.1 or the PLC's own): for clients that read names from URLs. */
export const TAG_NAME_PATTERN: RegExp = NAME;

/** `:name` of the command routes: a tag name as the plant file allows it (ISA-5.1 or the PLC's own). */
export const CommandTagParamsSchema = Strict({
  name: Type.String({ maxLength: 64, pattern: NAME.source }),
});

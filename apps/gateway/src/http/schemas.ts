// JSON schemas of the API's requests and answers (fastify validates requests and serialises answers with them).
import { ERROR_CODES } from '@zld/api';
import { DATA_TYPES } from '@zld/plant';
import { STATUS_CODES } from '@zld/tags';

const QUALITIES = Object.keys(STATUS_CODES);
const span = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;

/** A querystring that takes no parameter: any given is refused. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

export const errorBody = {
  $id: 'ApiError',
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: ERROR_CODES }, message: { type: 'string' } },
    },
  },
} as const;

/** Error answers a route may give; every route declares them so no other shape can leave. */
export const errorResponses = {
  '4xx': { $ref: 'ApiError#' },
  '5xx': { $ref: 'ApiError#' },
} as const;

const tagValueProperties = {
  name: { type: 'string' },
  value: { type: ['number', 'boolean', 'null'] },
  quality: { type: 'string', enum: QUALITIES },
  ts: isoTime,
} as const;

export const tagValue = {
  $id: 'TagValue',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'value', 'quality', 'ts'],
  properties: tagValueProperties,
} as const;

export const tag = {
  $id: 'Tag',
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'description',
    'area',
    'unit',
    'dataType',
    'computed',
    'range',
    'deadband',
    'decimals',
    'writable',
    'value',
    'quality',
    'ts',
  ],
  properties: {
    ...tagValueProperties,
    description: { type: 'string' },
    area: { type: 'string' },
    equipment: { type: 'string' },
    unit: { type: 'string' },
    dataType: { type: 'string', enum: DATA_TYPES },
    plc: { type: 'string' },
    computed: { type: 'boolean' },
    scanClass: { type: 'string' },
    range: span,
    normal: span,
    deadband: { type: 'number' },
    decimals: { type: 'integer' },
    states: { type: 'object', additionalProperties: { type: 'string' } },
    writable: { type: 'boolean' },
    write: {
      type: 'object',
      additionalProperties: false,
      required: ['critical'],
      properties: {
        min: { type: 'number' },
        max: { type: 'number' },
        maxStep: { type: 'number' },
        critical: { type: 'boolean' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        LL: { type: 'number' },
        L: { type: 'number' },
        H: { type: 'number' },
        HH: { type: 'number' },
      },
    },
  },
} as const;

export const tagNameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const health = {
  $id: 'Health',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'time', 'clock', 'uptimeS', 'plcs', 'historian'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    time: isoTime,
    clock: { type: 'string', enum: ['wall', 'plc'] },
    uptimeS: { type: 'number' },
    plcs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'protocol',
          'connected',
          'demoted',
          'demotedUntil',
          'lastError',
          'consecutiveTimeouts',
        ],
        properties: {
          id: { type: 'string' },
          protocol: { type: 'string' },
          connected: { type: 'boolean' },
          demoted: { type: 'boolean' },
          demotedUntil: nullableString,
          lastError: nullableString,
          consecutiveTimeouts: { type: 'integer' },
        },
      },
    },
    historian: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['backend', 'connected', 'lastError', 'backlog'],
          properties: {
            backend: { type: 'string' },
            connected: { type: 'boolean' },
            lastError: nullableString,
            backlog: { type: 'integer' },
          },
        },
      ],
    },
  },
} as const;

/** Schemas every route may `$ref`, added once to the app. */
export const sharedSchemas = [errorBody, tagValue, tag, health] as const;

// JSON schemas of the simulator control API (bodies reject unknown fields; responses say what is sent).
import { FAULT_KINDS } from '../core/faults.js';
import { MAX_SPEED } from '../core/sim-runner.js';

export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

export const speedBody = {
  type: 'object',
  required: ['factor'],
  additionalProperties: false,
  properties: { factor: { type: 'number', minimum: 0, maximum: MAX_SPEED } },
} as const;

export const speedResponse = {
  type: 'object',
  required: ['factor'],
  properties: { factor: { type: 'number' } },
} as const;

export const faultBody = {
  type: 'object',
  required: ['kind', 'target'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: [...FAULT_KINDS] },
    target: { type: 'string', minLength: 1, maxLength: 100 },
    magnitude: { type: 'number' },
    durationS: { type: 'number', exclusiveMinimum: 0 },
    at: { type: 'string', minLength: 1, maxLength: 40 },
    atS: { type: 'number', minimum: 0 },
    shape: { type: 'string', enum: ['step', 'ramp'] },
    rampS: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

export const faultIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const faultIdResponse = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' } },
} as const;

export const activeFault = {
  type: 'object',
  required: ['id', 'kind', 'target', 'state', 'startsAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    target: { type: 'string' },
    magnitude: { type: 'number' },
    durationS: { type: 'number' },
    at: { type: 'string' },
    atS: { type: 'number' },
    shape: { type: 'string' },
    rampS: { type: 'number' },
    state: { type: 'string', enum: ['scheduled', 'active'] },
    startsAt: { type: 'string' },
    startedAt: { type: 'string' },
    expiresAt: { type: 'string' },
    currentMagnitude: { type: 'number' },
  },
} as const;

export const faultList = { type: 'array', items: activeFault } as const;

const protocolFaultState = {
  type: 'object',
  properties: {
    offline: { type: 'boolean' },
    slowMs: { type: 'number' },
    exceptionCode: { type: ['integer', 'null'] },
  },
} as const;

const plcState = {
  type: 'object',
  properties: {
    plcId: { type: 'string' },
    listening: { type: 'boolean' },
    faults: protocolFaultState,
    endpoint: {
      type: 'object',
      properties: {
        plcId: { type: 'string' },
        protocol: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'integer' },
        url: { type: 'string' },
        unitId: { type: 'integer' },
        namespaceUri: { type: 'string' },
      },
    },
  },
} as const;

/** Ground truth: the plant decides the detail of tanks and balance terms, so those pass through as they are. */
export const stateResponse = {
  type: 'object',
  required: ['time', 'speed', 'lagging', 'tags', 'tanks', 'balance', 'plcs'],
  additionalProperties: true,
  properties: {
    time: { type: 'string' },
    speed: { type: 'number' },
    stepS: { type: 'number' },
    lagging: { type: 'boolean' },
    tags: { type: 'object', additionalProperties: { type: ['number', 'boolean'] } },
    tanks: { type: 'object', additionalProperties: true },
    balance: { type: 'object', additionalProperties: true },
    plcs: { type: 'array', items: plcState },
  },
} as const;

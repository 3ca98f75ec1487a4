// The JSON schema of GET /api/water-balance and the `water-balance` event (`WaterBalanceResult` of @zld/water-balance).
import { STATUS_CODES } from '@zld/tags';

const quality = { type: 'string', enum: Object.keys(STATUS_CODES) } as const;
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;

const object = (properties: Record<string, unknown>) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  }) as const;

const term = object({
  id: str,
  label: str,
  kind: str,
  side: { type: 'string', enum: ['in', 'out'] },
  estimate: bool,
  kg: num,
  kgH: num,
  sigmaKg: num,
  quality,
  tags: strings,
});

const tank = object({
  tank: str,
  levelTag: str,
  unit: str,
  start: nullableNum,
  end: nullableNum,
  changeKg: num,
  sigmaKg: num,
  quality,
});

const window = object({
  id: str,
  seconds: num,
  from: str,
  to: str,
  spanS: num,
  filled: bool,
  fillPct: num,
  in: { type: 'array', items: term },
  out: { type: 'array', items: term },
  inKgH: num,
  outKgH: num,
  inventory: object({
    changeKg: num,
    changeKgH: num,
    sigmaKg: num,
    quality,
    tanks: { type: 'array', items: tank },
  }),
  residual: object({ kg: num, kgH: num, sigmaKg: num, sigmaKgH: num, quality }),
  normaliseBy: { type: ['string', 'null'], enum: ['processed', 'boundaryIn', null] },
  normaliserKgH: nullableNum,
  closurePct: nullableNum,
  uncertaintyPct: nullableNum,
  tolerancePct: { anyOf: [{ type: 'null' }, object({ H: num, HH: num })] },
  limitState: { type: ['string', 'null'], enum: ['normal', 'L', 'LL', 'H', 'HH', null] },
  quality,
  questionable: bool,
});

const path = object({
  id: str,
  description: str,
  meter: nullableStr,
  flow: nullableNum,
  flowing: bool,
  commandedOpen: bool,
  positionOpen: bool,
  quality,
});

export const waterBalanceReply = object({
  ts: str,
  quality,
  questionable: bool,
  issues: strings,
  windows: { type: 'array', items: window },
  condensateRecovery: object({
    windowId: str,
    pct: nullableNum,
    distillateKgH: num,
    evaporatedKgH: num,
    lowPct: num,
    lowLowPct: num,
    limitState: { type: ['string', 'null'], enum: ['normal', 'L', 'LL', null] },
    quality,
  }),
  cusum: object({
    kg: num,
    side: { type: ['string', 'null'], enum: ['loss', 'gain', null] },
    lossKg: num,
    gainKg: num,
    slackKgH: num,
    thresholdKg: num,
    alarm: bool,
    quality,
  }),
  discharge: object({
    state: { type: 'string', enum: ['none', 'open', 'flowing', 'unknown'] },
    kgH: num,
    quality,
    paths: { type: 'array', items: path },
  }),
});

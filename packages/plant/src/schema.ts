// The plant-definition schema: the shape of one plant file. Cross-references are checked in validate.ts.
import { z } from 'zod';
import { DATA_TYPES, NAME, PRIORITIES, TAG_NAME } from './constants.js';
import { waterBalance } from './schema-balance.js';
import {
  approval,
  approvalsSpec,
  condition,
  dataType,
  finite,
  id,
  nonNegative,
  positive,
  priority,
  span,
  tagName,
  tagValue,
} from './schema-parts.js';

export { DATA_TYPES, NAME, PRIORITIES, TAG_NAME };
export { condition, dataType, priority, tagName } from './schema-parts.js';
export type { Comparison, Condition, TagValueRef } from './schema-parts.js';
export type {
  BalanceSource,
  BalanceTerm,
  BalanceWindow,
  InventoryDef,
  WaterBalanceDef,
} from './schema-balance.js';

/** A read-back settle time: 0 (the first matching read confirms) to 60 s. */
export const settleMs = z
  .number()
  .int('a whole number of milliseconds')
  .min(0, 'must be 0 or more')
  .max(60_000, 'at most 60000 ms (one minute)');

export const scanClass = z
  .object({
    periodMs: z.number().int().min(50).max(3_600_000),
  })
  .strict();

/** A protocol id: the value of a PLC's `protocol` and the key of its settings block. */
export const PROTOCOL_ID = /^[a-z][a-z0-9-]*$/;

/**
 * The fields every PLC has. Its protocol's settings block (`modbus: {...}`) is checked by the protocol
 * (see protocol.ts and protocol-parts.ts), so other keys pass here.
 */
export const plc = z
  .object({
    /** The PLC's own name (`PLC-100`, `PLC_1`, `Line1.CPU`). */
    id: tagName,
    description: z.string().min(1),
    areas: z.array(id).min(1),
    /** The tag that carries this PLC's clock (epoch seconds); without it values carry source or receive time. */
    clockTag: tagName.optional(),
    scanClasses: z.record(id, scanClass),
    /** The protocol (`modbus`, `opcua`...); may be left out when the PLC has one settings block. */
    protocol: z.string().regex(PROTOCOL_ID, 'a protocol id such as modbus or opcua').optional(),
    /** How long a written value must hold on this PLC's read-back before the write counts as confirmed (ms). */
    writeSettleMs: settleMs.optional(),
  })
  .catchall(z.unknown());

export const area = z
  .object({
    id,
    name: z.string().min(1),
    /** The level-2 display this area is drawn on; without it the HMI lists the area's tags. */
    display: id.optional(),
  })
  .strict();

export const scaling = z
  .object({
    raw: span,
    eu: span,
  })
  .strict()
  .refine((s) => s.raw[0] !== s.raw[1], { message: 'raw span must not be empty', path: ['raw'] })
  .refine((s) => s.eu[0] !== s.eu[1], {
    message: 'engineering span must not be empty',
    path: ['eu'],
  });

/** ISA-18.2 master-alarm-database fields every alarm carries (after defaults are applied). */
const rationalization = {
  message: z.string().min(1).optional(),
  cause: z.string().min(1),
  consequence: z.string().min(1),
  action: z.string().min(1),
  responseTimeS: positive.optional(),
  class: z.string().min(1).optional(),
  rationale: z.string().min(1).optional(),
  approver: z.string().min(1).optional(),
};

const alarmTiming = {
  priority,
  onDelayS: nonNegative.default(0),
  offDelayS: nonNegative.default(0),
  reAlarmS: positive.optional(),
  latched: z.boolean().default(false),
  firstOutGroup: id.optional(),
  /** Suppression by design: the alarm is suppressed while this condition holds. */
  suppressWhen: z.lazy(() => condition).optional(),
  /** `two-person`: its limit changes and removal from service need a second user's approval. */
  approval: approval.optional(),
};

export const limitAlarm = z
  .object({
    limit: finite,
    deadband: nonNegative.default(0),
    ...alarmTiming,
    ...rationalization,
  })
  .strict();

export const rateAlarm = z
  .object({
    /** Absolute rate of change, engineering units per minute. */
    limitPerMin: positive,
    ...alarmTiming,
    ...rationalization,
  })
  .strict();

export const discreteAlarm = z
  .object({
    /** The value (bool, or an integer state) that is abnormal. */
    activeWhen: z.union([z.boolean(), z.number().int()]),
    ...alarmTiming,
    ...rationalization,
  })
  .strict();

export const tagAlarms = z
  .object({
    LL: limitAlarm.optional(),
    L: limitAlarm.optional(),
    H: limitAlarm.optional(),
    HH: limitAlarm.optional(),
    ROC: rateAlarm.optional(),
    DISCRETE: discreteAlarm.optional(),
  })
  .strict();

export const writeSpec = z
  .object({
    min: finite.optional(),
    max: finite.optional(),
    /** Largest change one write may make (engineering units). */
    maxStep: positive.optional(),
    /** Critical commands need select-before-operate. */
    critical: z.boolean().default(false),
    /** `two-person`: a write waits for a second user's approval before it is sent. */
    approval: approval.optional(),
    /**
     * Absolute tolerance for read-back verification, engineering units. Unset: what rounding to the wire
     * type can change (a few float32 steps at the written value; exact for integers and bools).
     */
    readbackTolerance: nonNegative.optional(),
    /** How long the written value must hold on read-back (ms); unset: the PLC's `writeSettleMs`, else 300. */
    settleMs: settleMs.optional(),
  })
  .strict();

export const tag = z
  .object({
    name: tagName,
    description: z.string().min(1),
    area: id,
    /** The piece of equipment the tag belongs to (faceplates, OPC UA folders). */
    equipment: id.optional(),
    /** Engineering unit; none for discrete or dimensionless tags. */
    unit: z.string().default(''),
    dataType,
    /** For PLC tags: which PLC and where. Absent for computed tags. */
    plc: z.string().optional(),
    /** Where the tag lives on its PLC, in the shape of the PLC's protocol (checked by the protocol). */
    address: z.record(z.string(), z.unknown()).optional(),
    computed: z.boolean().default(false),
    scanClass: id.optional(),
    scaling: scaling.optional(),
    /**
     * Engineering range (instrument span). Optional: a bool reads [0, 1], a tag with states the span of
     * its states, any other the span its data type holds (see `defaultRange`; the loader warns). A value
     * read outside it is Uncertain_EngineeringUnitsExceeded, kept as read unless `clampToRange`.
     */
    range: span.optional(),
    /** Opt-in: a value read outside the range is clamped to its nearer end (still Uncertain). */
    clampToRange: z.boolean().optional(),
    /** Normal operating range. */
    normal: span.optional(),
    /** Publishing and historian deadband, engineering units. */
    deadband: nonNegative.default(0),
    /** Historian: store at least this often even without change. */
    maxIntervalS: positive.default(300),
    /** Meter uncertainty, a fraction of reading (e.g. 0.005). */
    accuracy: nonNegative.optional(),
    /** Labels for discrete values: { "0": "STOP", "1": "RUN" }. */
    states: z.record(z.string().regex(/^-?\d+$/), z.string().min(1)).optional(),
    /** The number of decimals to show. */
    decimals: z.number().int().min(0).max(6).default(2),
    writable: z.boolean().default(false),
    write: writeSpec.optional(),
    alarms: tagAlarms.optional(),
  })
  .strict();

export const interlock = z
  .object({
    id: z.string().regex(/^IL-[A-Z0-9-]+$/, 'interlock ids look like IL-402-HH'),
    description: z.string().min(1),
    when: condition,
    /** What the PLC does while the condition holds (executed in the PLC). */
    actions: z.array(tagValue).default([]),
    /** Writes the gateway refuses while the condition holds. */
    blocks: z.array(tagValue).default([]),
    /** Shown to the operator when a write is refused. */
    reason: z.string().min(1),
    /** Where it is enforced. */
    enforcedBy: z.array(z.enum(['plc', 'gateway'])).min(1),
  })
  .strict();

export const equipment = z
  .object({
    id,
    kind: z.enum([
      'tank',
      'pump',
      'valve',
      'reactor',
      'mixer-settler',
      'evaporator',
      'compressor',
      'crystallizer',
      'centrifuge',
      'dryer',
      'filter',
      'analyser',
      'sump',
      'calciner',
      'feeder',
    ]),
    description: z.string().min(1),
    area: id,
    /** Tanks and vessels: free liquid surface and height. */
    areaM2: positive.optional(),
    heightM: positive.optional(),
    /** Level transmitter for vessels; command/state/speed tags for pumps and valves. */
    levelTag: tagName.optional(),
    commandTag: tagName.optional(),
    stateTag: tagName.optional(),
    speedTag: tagName.optional(),
    aqueous: z.boolean().default(true),
  })
  .strict();

export const loop = z
  .object({
    /** Controller tag, e.g. LIC-402 (its PV). */
    id: tagName,
    kind: z.enum(['LIC', 'FIC', 'TIC', 'AIC', 'PIC', 'SIC', 'DIC']),
    pv: tagName,
    sp: tagName,
    out: tagName,
    mode: tagName,
    /** Final control element (equipment id). */
    finalElement: id,
    /** Modes the loop supports, as labels of the mode tag's states. */
    modes: z.array(z.enum(['MAN', 'AUTO', 'CAS'])).min(1),
    /** The cascade master's output feeds this loop's setpoint. */
    cascadeFrom: tagName.optional(),
  })
  .strict();

export const alarmDefaults = z
  .object({
    class: z.string().min(1),
    approver: z.string().min(1),
    rationale: z.string().min(1),
    responseTimeS: z.record(priority, positive),
  })
  .strict();

export const plantFile = z
  .object({
    plant: z
      .object({
        id,
        name: z.string().min(1),
        version: z.string().min(1),
        description: z.string().min(1).optional(),
      })
      .strict(),
    /** Master-alarm-database defaults applied to alarms that do not set their own (see DEFAULT_ALARM_DEFAULTS). */
    alarmDefaults: alarmDefaults.optional(),
    /** Two-person approval: its time limit, and whether it also covers shelving (see `approvalSettings`). */
    approvals: approvalsSpec.optional(),
    plcs: z.array(plc).min(1),
    areas: z.array(area).min(1),
    equipment: z.array(equipment).default([]),
    tags: z.array(tag).min(1),
    loops: z.array(loop).default([]),
    interlocks: z.array(interlock).default([]),
    /** The ZLD water balance; a plant without one has no balance tags, alarms or panels. */
    waterBalance: waterBalance.optional(),
  })
  .strict();

export type PlantFileInput = z.input<typeof plantFile>;
type ParsedPlantFile = z.output<typeof plantFile>;

/** A PLC with its protocol resolved and its settings block parsed by that protocol. */
export interface PlcDef {
  id: string;
  description: string;
  areas: string[];
  clockTag?: string | undefined;
  scanClasses: Record<string, z.output<typeof scanClass>>;
  protocol: string;
  /** Read-back settle time of writes to this PLC's tags (ms), when a tag sets none. */
  writeSettleMs?: number | undefined;
  /** The protocol's settings block (`modbus: {...}` in the file), defaults applied. */
  settings: Readonly<Record<string, unknown>>;
}

/** A tag as the plant holds it: its range resolved (given, or the default of its kind). */
export type TagDef = Omit<z.output<typeof tag>, 'range'> & { range: [number, number] };

/** The validated plant file: PLCs resolved, every tag with its range, alarm defaults applied. */
export type PlantFile = Omit<ParsedPlantFile, 'plcs' | 'tags' | 'alarmDefaults'> & {
  plcs: PlcDef[];
  tags: TagDef[];
  alarmDefaults: AlarmDefaults;
};
/** The schema's output before protocols resolve the PLCs. */
export type StructuralPlantFile = ParsedPlantFile;
export type AreaDef = z.output<typeof area>;
export type AlarmDefaults = z.output<typeof alarmDefaults>;
export type Scaling = z.output<typeof scaling>;
export type LimitAlarmDef = z.output<typeof limitAlarm>;
export type RateAlarmDef = z.output<typeof rateAlarm>;
export type DiscreteAlarmDef = z.output<typeof discreteAlarm>;
export type TagAlarms = z.output<typeof tagAlarms>;
export type WriteSpec = z.output<typeof writeSpec>;
export type ApprovalsSpec = z.output<typeof approvalsSpec>;
export type InterlockDef = z.output<typeof interlock>;
export type EquipmentDef = z.output<typeof equipment>;
export type LoopDef = z.output<typeof loop>;
export type Priority = (typeof PRIORITIES)[number];
export type DataType = (typeof DATA_TYPES)[number];

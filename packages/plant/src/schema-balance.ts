// The plant schema's water balance: terms, inventories, windows, condensate recovery, direct alarms, discharge paths.
import { z } from 'zod';
import {
  approval,
  condition,
  finite,
  id,
  nonNegative,
  positive,
  priority,
  tagName,
  tagValue,
} from './schema-parts.js';

export const balanceSource = z
  .object({
    tag: tagName,
    /** kg of water per unit of the tag's value per hour (e.g. L/h × density × water fraction). */
    factor: finite,
    /** Multiply further by this tag's value / 100 (a moisture or water percentage). */
    percentTag: tagName.optional(),
  })
  .strict();

export const balanceTerm = z
  .object({
    id,
    label: z.string().min(1),
    kind: z.enum(['input', 'reaction', 'solids', 'vapour', 'export', 'discharge']),
    sources: z.array(balanceSource).default([]),
    /** A fixed estimate, kg/h, added to the sources. */
    constantKgH: nonNegative.optional(),
    /** Unmetered: an estimate, not a measurement. */
    estimate: z.boolean().default(false),
    /** Relative uncertainty of the term (1 sigma); default from the meters' accuracy. */
    uncertainty: nonNegative.optional(),
  })
  .strict();

export const inventory = z
  .object({
    tank: id,
    levelTag: tagName,
    /** kg of water per litre of the tank's liquid (density x water fraction). */
    waterKgPerL: positive,
    /** Level noise, 1 sigma, % of span. */
    levelNoisePct: nonNegative.default(0.1),
  })
  .strict();

const closureLimits = z
  .object({
    H: positive,
    HH: positive,
  })
  .strict();

export const balanceWindow = z
  .object({
    id,
    seconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 86400),
    /** What the residual is normalised by. */
    normaliseBy: z.enum(['processed', 'boundaryIn']).optional(),
    closurePct: closureLimits.optional(),
  })
  .strict();

export const waterBalance = z
  .object({
    description: z.string().min(1),
    terms: z.array(balanceTerm).min(1),
    inventories: z.array(inventory).min(1),
    /** Gross water processed (1 h normalisation): evaporator feed plus crystallizer distillate. */
    processed: z.array(balanceSource).min(1),
    windows: z.array(balanceWindow).min(1),
    condensateRecovery: z
      .object({
        distillate: z.array(balanceSource).min(1),
        evaporated: z.array(balanceSource).min(1),
        lowPct: positive,
        lowLowPct: positive,
      })
      .strict(),
    cusum: z
      .object({
        /** Allowed slack k, kg/h, and decision interval h, kg. */
        slackKgH: nonNegative,
        thresholdKg: positive,
      })
      .strict(),
    /** Computed tags the balance publishes. */
    computedTags: z
      .object({
        waterIn: tagName,
        waterOut: tagName,
        inventoryChange: tagName,
        residual: tagName,
        closure1h: tagName,
        closure24h: tagName,
        condensateRecovery: tagName,
        cusum: tagName.optional(),
        discharge: tagName.optional(),
      })
      .strict(),
    /** Direct (non-statistical) ZLD alarms. */
    directAlarms: z
      .array(
        z
          .object({
            id,
            message: z.string().min(1),
            priority,
            when: condition,
            cause: z.string().min(1),
            consequence: z.string().min(1),
            action: z.string().min(1),
            /** `two-person`: its removal from service needs a second user's approval. */
            approval: approval.optional(),
          })
          .strict(),
      )
      .default([]),
    /** Paths by which liquid could leave the plant; commands that would open them are refused. */
    dischargePaths: z
      .array(
        z
          .object({
            id,
            description: z.string().min(1),
            meter: tagName.optional(),
            openedBy: z.array(tagValue).min(1),
            /** Position feedback: the path is open when any of these tags holds its value (e.g. a closed switch off). */
            openWhen: z.array(tagValue).default([]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type BalanceSource = z.output<typeof balanceSource>;
export type BalanceTerm = z.output<typeof balanceTerm>;
export type InventoryDef = z.output<typeof inventory>;
export type BalanceWindow = z.output<typeof balanceWindow>;
export type WaterBalanceDef = z.output<typeof waterBalance>;

// The computed water-balance tags and the discharge alarm as placed on the displays (names from the plant file).
import type { ComputedBalanceTags } from './balance-view.js';

export const BALANCE_TAGS: ComputedBalanceTags = {
  waterIn: 'FY-910',
  waterOut: 'FY-911',
  inventoryChange: 'FY-912',
  residual: 'FY-913',
  closure1h: 'FY-914',
  closure24h: 'FY-915',
  condensateRecovery: 'FY-916',
};

/** The direct alarm the plant raises for LIQUID DISCHARGE DETECTED, and the outfall meter. */
export const DISCHARGE_ALARM = 'ZLD-DISCHARGE';
export const OUTFALL_METER = 'FT-901';

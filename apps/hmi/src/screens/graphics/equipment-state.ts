// Equipment state for symbols, from a run/position tag and an optional trip tag: shape, fill and text, never colour.
import type { TagDto } from '@zld/api';
import { formatNumber } from '../../model/format.js';
import { severityOf } from '../../model/quality.js';

export type EquipmentState = 'on' | 'off' | 'tripped' | 'unknown';

export interface EquipmentView {
  state: EquipmentState;
  /** The state label ("RUNNING", "CLOSED", "TRIP", "????"). */
  text: string;
}

/**
 * `on` when the state tag equals `onWhen`; a true trip tag wins; a Bad or missing state tag gives `unknown`
 * (drawn hatched, never as if stopped). Labels come from the tag's own states.
 */
export function equipmentView(
  state: TagDto | undefined,
  onWhen: boolean,
  fault?: TagDto,
): EquipmentView {
  if (fault && fault.value === true && severityOf(fault.quality) !== 'Bad')
    return { state: 'tripped', text: 'TRIP' };
  if (!state || state.value === null || severityOf(state.quality) === 'Bad')
    return { state: 'unknown', text: '????' };
  const on = Boolean(state.value) === onWhen;
  return { state: on ? 'on' : 'off', text: formatNumber(state, state.value) };
}

// The checks before a command is sent: who may, what the plant definition allows, and the plant's state right now.
import { roleAtLeast } from '@zld/api';
import type { Plant, TagDef } from '@zld/plant';
import type { Actor } from './command-types.js';
import { blockingInterlock, openedDischargePath, type Lookup } from './interlocks.js';
import type { PlcPort } from './plc-port.js';
import { refuse, type Refusal } from './refusal.js';
import { definitionRefusal, qualityRefusal, stepRefusal } from './write-policy.js';

/** Checks that need no current value: known tag, role, writable, value type and write limits. */
export function preflightRefusal(
  tag: TagDef | undefined,
  cmd: { tag: string; value: unknown },
  actor: Actor,
): Refusal | null {
  if (!tag) return refuse('UNKNOWN_TAG', `unknown tag ${cmd.tag}`);
  if (!roleAtLeast(actor.role, 'operator')) return refuse('FORBIDDEN', 'needs the operator role');
  return definitionRefusal(tag, cmd.value);
}

export interface PlantState {
  plant: Plant;
  values: Lookup;
  port: (plcId: string) => PlcPort | undefined;
}

/**
 * Checks on the plant's state now, in this order: a driver, not demoted, target quality, step, the
 * controller's mode, gateway interlocks (fail-safe on Bad inputs), discharge paths.
 */
export function plantStateRefusal(
  state: PlantState,
  tag: TagDef,
  value: number | boolean,
): Refusal | null {
  const port = tag.plc === undefined ? undefined : state.port(tag.plc);
  if (!port) return refuse('UNAVAILABLE', `no driver serves ${tag.name}`);
  if (port.status().demoted)
    return refuse(
      'UNAVAILABLE',
      `${tag.plc} is demoted after repeated timeouts: writes are refused`,
    );
  const current = state.values(tag.name);
  const r = qualityRefusal(tag, current) ?? stepRefusal(tag, value, current);
  if (r) return r;
  const mode = modeRefusal(state.plant, tag.name, state.values);
  if (mode) return mode;
  const hit = blockingInterlock(state.plant, tag.name, value, state.values);
  if (hit)
    return refuse(
      'CONFLICT',
      hit.unknown
        ? `${hit.interlock.reason} (held: an input of ${hit.interlock.id} has Bad quality)`
        : hit.interlock.reason,
      { interlock: hit.interlock.id },
    );
  const path = openedDischargePath(state.plant, tag.name, value);
  if (path)
    return refuse(
      'CONFLICT',
      `zero liquid discharge: this command would open the discharge path ${path.id} (${path.description})`,
      { dischargePath: path.id },
    );
  return null;
}

/**
 * A controller takes a setpoint from the operator only when not in cascade (CAS: its setpoint is the
 * master's output) and an output only in manual, as its PLC would answer; the gateway says so first, in
 * plain words, instead of passing the PLC's refusal on. A mode of unknown or Bad value is left to the PLC.
 */
export function modeRefusal(plant: Plant, tagName: string, values: Lookup): Refusal | null {
  const loop = plant.loops.find((l) => l.sp === tagName || l.out === tagName);
  if (!loop) return null;
  const v = values(loop.mode);
  if (v === undefined || v.value === null || typeof v.value === 'boolean') return null;
  const label = plant.tagByName.get(loop.mode)?.states?.[String(v.value)];
  if (tagName === loop.sp && label === 'CAS')
    return refuse(
      'CONFLICT',
      `${loop.id} is in cascade (CAS): its setpoint comes from ${loop.cascadeFrom ?? 'its master'}; switch it to AUTO to enter a setpoint`,
    );
  if (tagName === loop.out && label !== undefined && label !== 'MAN')
    return refuse('CONFLICT', `${loop.id} is in ${label}: its output can be set in MAN only`);
  return null;
}

// The PLC's write guard: every interlock the plant file marks `plc` refuses the writes it blocks, from any client,
// and each PLC latches a refused write in its flag tag (UA-<n> on PLC-<n>) until a client writes 0 to it.
import type { InterlockDef, Plant } from '@zld/plant';
import { compareValue } from '@zld/plant';
import { WriteRefusedError } from '@zld/protocols/kernel';
import type { TagReader } from './conditions.js';
import { holdsIgnoringDelays } from './conditions.js';

/** The flag tag of a PLC: PLC-300 latches its refused writes in UA-300. */
export function refusedWriteFlagOf(plcId: string): string {
  return `UA-${plcId.replace(/^PLC-/, '')}`;
}

/**
 * A real PLC's comms handler writes into its command image and its logic then decides; here the decision
 * is taken as the write arrives, so no scan, read-back or client ever sees a blocked value: the write is
 * refused (Modbus exception 03, OPC UA BadInvalidState) and the command keeps its safe state.
 */
export class InterlockGuard {
  private readonly interlocks: readonly InterlockDef[];
  /** Latched flag per flag tag; only PLCs whose plant file defines the tag have one. */
  private readonly flags = new Map<string, boolean>();

  constructor(private readonly plant: Plant) {
    this.interlocks = plant.interlocks.filter(
      (i) => i.enforcedBy.includes('plc') && i.blocks.length > 0,
    );
    for (const plc of plant.plcs) {
      const t = plant.tagByName.get(refusedWriteFlagOf(plc.id));
      if (t && t.plc === plc.id && t.dataType === 'bool' && t.writable)
        this.flags.set(t.name, false);
    }
  }

  /** Flag tags this guard answers for. */
  owns(tag: string): boolean {
    return this.flags.has(tag);
  }

  read(tag: string): boolean {
    return this.flags.get(tag) ?? false;
  }

  /** Writes the guard handles itself (a flag reset); false for every other tag. */
  write(tag: string, value: number | boolean): boolean {
    if (!this.flags.has(tag)) return false;
    if (value === true || value === 1)
      throw new RangeError(`${tag}: only the PLC sets its refused-write flag; write 0 to reset it`);
    this.flags.set(tag, false);
    return true;
  }

  /**
   * Throws WriteRefusedError (and latches the PLC's flag) when a `plc` interlock blocks this write: it was
   * active at the last scan, or its condition holds on `read` now (every on-delay taken as met; without
   * `read`, only an `always` condition).
   */
  check(
    tag: string,
    value: number | boolean,
    active: (interlockId: string) => boolean,
    read?: TagReader,
  ): void {
    for (const il of this.interlocks) {
      if (!il.blocks.some((b) => b.tag === tag && compareValue('eq', value, b.value))) continue;
      const holds = read ? holdsIgnoringDelays(il.when, read) : 'always' in il.when;
      if (!active(il.id) && !holds) continue;
      const plcId = this.plant.tagByName.get(tag)?.plc ?? '';
      const flag = refusedWriteFlagOf(plcId);
      if (this.flags.has(flag)) this.flags.set(flag, true);
      throw new WriteRefusedError(`${tag} = ${String(value)} refused by ${il.id}: ${il.reason}`);
    }
  }
}

// First-out groups (requirement 1.12): which alarm of a group activated first, until the group resets.
import type { AlarmDef } from '@zld/plant';
import type { AlarmState } from './state.js';

type StateOf = (id: string) => AlarmState;

export class FirstOutGroups {
  private readonly members = new Map<string, AlarmDef[]>();

  constructor(defs: Iterable<AlarmDef>) {
    for (const def of defs) {
      if (def.firstOutGroup === undefined) continue;
      const list = this.members.get(def.firstOutGroup) ?? [];
      list.push(def);
      this.members.set(def.firstOutGroup, list);
    }
  }

  has(group: string): boolean {
    return this.members.has(group);
  }

  /** The alarm holding the group's first-out flag. */
  holder(group: string, stateOf: StateOf): AlarmDef | undefined {
    return this.members.get(group)?.find((d) => stateOf(d.id).firstOut);
  }

  /** Whether `def`, activating now, is first out: its group is free and it is in service. */
  claims(def: AlarmDef, st: AlarmState, stateOf: StateOf): boolean {
    const group = def.firstOutGroup;
    return group !== undefined && !st.outOfService && this.holder(group, stateOf) === undefined;
  }

  /** Holders of groups whose every member is inactive and acknowledged: those groups reset by themselves. */
  idleHolders(stateOf: StateOf): AlarmDef[] {
    const out: AlarmDef[] = [];
    for (const [group, members] of this.members) {
      const holder = this.holder(group, stateOf);
      if (holder && members.every((d) => !stateOf(d.id).active && stateOf(d.id).acked))
        out.push(holder);
    }
    return out;
  }

  /** Every group and the id of its holder (or null). */
  snapshot(stateOf: StateOf): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const group of this.members.keys()) out[group] = this.holder(group, stateOf)?.id ?? null;
    return out;
  }
}

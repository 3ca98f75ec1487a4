// Keeps the alarm list in step with the gateway: live changes are upserted, a (re)connect snapshot replaces the list.
import type { AlarmDto } from '@zld/api';
import { toMs } from '../model/time.js';

const changedAt = (a: AlarmDto): number => {
  const t = toMs(a.lastChange ?? null);
  return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
};

/** Removed alarms remembered (id -> when they left), so an older copy arriving late cannot bring one back. */
const MAX_TOMBSTONES = 2000;

export class AlarmBook {
  private readonly held = new Map<string, AlarmDto>();
  private readonly gone = new Map<string, number>();
  /** Arrival order of changes (local), so a snapshot is compared with what arrived after it was asked for. */
  private seq = 0;
  private readonly arrived = new Map<string, number>();

  /** A mark to pass to `replace` for a snapshot asked for now. */
  mark(): number {
    return this.seq;
  }

  list(): AlarmDto[] {
    return [...this.held.values()];
  }

  get(id: string): AlarmDto | undefined {
    return this.held.get(id);
  }

  /** True when `a` is newer than what is held or was removed (by lastChange, then by eventId). */
  private isNewer(a: AlarmDto): boolean {
    const t = changedAt(a);
    const removedAt = this.gone.get(a.id);
    if (removedAt !== undefined && t <= removedAt) return false;
    const h = this.held.get(a.id);
    if (!h) return true;
    const ht = changedAt(h);
    if (t !== ht) return t > ht;
    return (a.eventId ?? 0) >= (h.eventId ?? 0);
  }

  private remove(id: string, at: number): void {
    this.held.delete(id);
    this.arrived.delete(id);
    this.gone.delete(id);
    this.gone.set(id, at);
    if (this.gone.size > MAX_TOMBSTONES) this.gone.delete(this.gone.keys().next().value!);
  }

  /** Alarm changes (the `alarms` event): an alarm in Normal state leaves the list. Returns whether anything changed. */
  upsert(changes: readonly AlarmDto[]): boolean {
    let changed = false;
    for (const a of changes) {
      if (!this.isNewer(a)) continue;
      if (a.state === 'Normal') {
        if (this.held.has(a.id)) changed = true;
        this.remove(a.id, changedAt(a));
      } else {
        this.held.set(a.id, a);
        this.arrived.set(a.id, ++this.seq);
        this.gone.delete(a.id);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * A full list asked for at `mark` (after (re)connecting, like OPC UA ConditionRefresh). Listed alarms are
   * upserted; a held alarm missing from it has left the list, unless a change of it arrived after the mark.
   * (Arrival order, not time stamps: the gateway may run on plant time, the browser on wall time.)
   */
  replace(snapshot: readonly AlarmDto[], mark: number): void {
    const ids = new Set(snapshot.map((a) => a.id));
    for (const [id, h] of [...this.held]) {
      if (!ids.has(id) && (this.arrived.get(id) ?? 0) <= mark) this.remove(id, changedAt(h));
    }
    this.upsert(snapshot);
  }
}

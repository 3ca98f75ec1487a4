// The live plant as the gateway reports it: definitions and values, alarms, balance and the link state (no I/O here).
import type {
  AlarmDto,
  ClockMode,
  TagDefinitionDto,
  TagDto,
  TagValueDto,
  WaterBalanceDto,
} from '@zld/api';
import { AlarmBook } from './alarm-merge.js';
import { ApprovalBook } from './approval-book.js';
import type { ConnectionState, PlantSource } from './plant-source.js';
import { applyDefinitions, applyTagBatch, definitionOf } from './tag-merge.js';

export class LiveStore implements PlantSource {
  readonly mode = 'live' as const;
  private readonly tags = new Map<string, TagDto>();
  private readonly orphans = new Map<string, TagValueDto>();
  private defs = new Map<string, TagDefinitionDto>();
  private readonly alarmBook = new AlarmBook();
  private alarmList: readonly AlarmDto[] = [];
  /** The message of every alarm seen since the page loaded (the journal carries ids, not messages). */
  private readonly messages = new Map<string, string>();
  private balanceValue: WaterBalanceDto | null = null;
  private balanceAbsent = false;
  private link: ConnectionState = 'connecting';
  /** The last answer or event of the gateway that did not have its schema's shape (not applied). */
  private problem: string | null = null;
  private readonly listeners = new Set<() => void>();
  /** Two-person approvals (the `approvals` event), with their own subscription. */
  readonly approvals = new ApprovalBook();
  private readonly tagListeners = new Map<string, Set<(t: TagDto) => void>>();
  private readonly now: () => number;
  /** The newest source time seen, and the wall time it arrived: the gateway's clock may be plant time. */
  private lastTs: number | null = null;
  private lastWall = 0;
  /** The gateway's clock as `/healthz` reported it: its mode, and its offset from this browser's clock. */
  private gatewayClock: { mode: ClockMode; offsetMs: number } | null = null;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Stable (an arrow property) so React does not resubscribe on every render. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Per-tag updates, for trends that append live values. */
  subscribeTag(name: string, listener: (t: TagDto) => void): () => void {
    let set = this.tagListeners.get(name);
    if (!set) {
      set = new Set();
      this.tagListeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  tag(name: string): TagDto | undefined {
    return this.tags.get(name);
  }
  definitions(): ReadonlyMap<string, TagDefinitionDto> {
    return this.defs;
  }
  alarms(): readonly AlarmDto[] {
    return this.alarmList;
  }
  balance(): WaterBalanceDto | null {
    return this.balanceValue;
  }
  connection(): ConnectionState {
    return this.link;
  }
  /**
   * The gateway's "now". On a wall clock: this browser's clock corrected by the offset `/healthz` showed (value
   * times cannot tell it: a device may stamp its own clock, as simulated PLCs at 10x do). Following the PLCs, or
   * before the gateway's clock is known: the newest value time received, run on at wall speed since it arrived
   * (the PLC clock tags change every scan). Wall time before any.
   */
  time(): number {
    const wall = this.now();
    if (this.gatewayClock?.mode === 'wall') return wall + this.gatewayClock.offsetMs;
    return this.lastTs === null ? wall : this.lastTs + (wall - this.lastWall);
  }

  /** The gateway's clock mode and its time (epoch ms) as read at wall time `readAt` of this browser. */
  setGatewayClock(mode: ClockMode, gatewayTime: number, readAt: number = this.now()): void {
    this.gatewayClock = { mode, offsetMs: Number.isFinite(gatewayTime) ? gatewayTime - readAt : 0 };
  }

  private noteTimes(values: readonly { ts: string }[]): void {
    let newest = this.lastTs ?? Number.NEGATIVE_INFINITY;
    for (const v of values) {
      const t = Date.parse(v.ts);
      if (t > newest) newest = t;
    }
    if (Number.isFinite(newest) && newest !== this.lastTs) {
      this.lastTs = newest;
      this.lastWall = this.now();
    }
  }

  /** `GET /api/tags`: every definition with its value. */
  setTags(list: readonly TagDto[]): void {
    this.noteTimes(list);
    applyDefinitions(this.tags, this.orphans, list);
    this.defs = new Map([...this.tags.values()].map((t) => [t.name, definitionOf(t)]));
    this.emit();
  }

  /** A `tags` batch. */
  applyTags(batch: readonly TagValueDto[]): void {
    this.noteTimes(batch);
    const changed = applyTagBatch(this.tags, this.orphans, batch);
    if (changed.length === 0) return;
    for (const name of changed) {
      const t = this.tags.get(name)!;
      this.tagListeners.get(name)?.forEach((l) => l(t));
    }
    this.emit();
  }

  /** An `alarms` event with changes. */
  applyAlarms(changes: readonly AlarmDto[]): void {
    if (this.alarmBook.upsert(changes)) this.publishAlarms();
  }

  /** A mark of the alarm changes received so far, taken when a full alarm list is asked for. */
  alarmMark(): number {
    return this.alarmBook.mark();
  }

  /** A full alarm list asked for at `mark` (the first `alarms` event after connecting, or `GET /api/alarms`). */
  resyncAlarms(snapshot: readonly AlarmDto[], mark: number): void {
    this.alarmBook.replace(snapshot, mark);
    this.publishAlarms();
  }

  /** False once the gateway said the plant has no water balance (404): the balance panels hide. */
  hasBalance(): boolean {
    return !this.balanceAbsent;
  }

  setBalanceAbsent(absent: boolean): void {
    if (absent === this.balanceAbsent) return;
    this.balanceAbsent = absent;
    this.emit();
  }

  setBalance(b: WaterBalanceDto | null): void {
    this.balanceValue = b;
    this.emit();
  }

  setConnection(state: ConnectionState): void {
    if (state === this.link) return;
    this.link = state;
    this.emit();
  }

  /** The last malformed answer or event the gateway sent, for a banner; null when there was none. */
  wireProblem(): string | null {
    return this.problem;
  }

  setWireProblem(message: string | null): void {
    if (message === this.problem) return;
    this.problem = message;
    this.emit();
  }

  /** An alarm's message, if the alarm was listed at any time since the page loaded. */
  alarmMessage(id: string): string | undefined {
    return this.messages.get(id);
  }

  private publishAlarms(): void {
    this.alarmList = this.alarmBook.list();
    for (const a of this.alarmList) this.messages.set(a.id, a.message);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

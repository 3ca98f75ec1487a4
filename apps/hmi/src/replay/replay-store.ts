// The plant at a replay cursor, as a PlantSource: values from loaded history, alarms from the journal (no I/O here).
import type { AlarmJournalEntryDto, AuditRecordDto, TagDefinitionDto, TagDto } from '@zld/api';
import type { ConnectionState, PlantSource } from '../live/plant-source.js';
import { balanceFromTags } from '../model/balance-view.js';
import { BALANCE_TAGS, DISCHARGE_ALARM, OUTFALL_METER } from '../model/balance-tags.js';
import type { Series } from '../model/history-series.js';
import type { AlarmView, BalanceView } from '../model/plant-views.js';
import { alarmsAt, valueAt } from '../model/replay-state.js';
import { MINUTE } from '../model/time.js';

export interface ReplayData {
  from: number;
  to: number;
  series: ReadonlyMap<string, Series>;
  /** Sorted by time and sequence number. */
  journal: readonly AlarmJournalEntryDto[];
  audit: readonly AuditRecordDto[];
}

/** A held value older than this (after its bucket) is shown as unknown: the historian stores at least every 5 min. */
export const REPLAY_MAX_AGE_MS = 6 * MINUTE;

export class ReplayStore implements PlantSource {
  readonly mode = 'replay' as const;
  readonly data: ReplayData;
  private readonly defs: ReadonlyMap<string, TagDefinitionDto>;
  private readonly messages: (id: string) => string | undefined;
  private cursor: number;
  private tags = new Map<string, TagDto>();
  private alarmList: AlarmView[] = [];
  private balanceValue: BalanceView | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    defs: ReadonlyMap<string, TagDefinitionDto>,
    data: ReplayData,
    messageOf: (alarmId: string) => string | undefined = () => undefined,
  ) {
    this.defs = defs;
    this.data = data;
    this.messages = messageOf;
    this.cursor = data.from;
    this.compute();
  }

  /** Stable (an arrow property) so React does not resubscribe on every render. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  tag(name: string): TagDto | undefined {
    return this.tags.get(name);
  }
  definitions(): ReadonlyMap<string, TagDefinitionDto> {
    return this.defs;
  }
  alarms(): readonly AlarmView[] {
    return this.alarmList;
  }
  balance(): BalanceView | null {
    return this.balanceValue;
  }
  connection(): ConnectionState {
    return 'live';
  }
  time(): number {
    return this.cursor;
  }
  history(name: string): Series | undefined {
    return this.data.series.get(name);
  }

  setCursor(t: number): void {
    if (t === this.cursor) return;
    this.cursor = t;
    this.compute();
    for (const l of this.listeners) l();
  }

  private compute(): void {
    const t = this.cursor;
    const ts = new Date(t).toISOString();
    const next = new Map<string, TagDto>();
    for (const def of this.defs.values()) {
      const at = valueAt(this.data.series.get(def.name), t, REPLAY_MAX_AGE_MS);
      const value =
        at === null || at.value === null
          ? null
          : def.dataType === 'bool'
            ? at.value >= 0.5
            : at.value;
      const quality = at?.quality ?? 'Bad_NoCommunication';
      const vts = at ? new Date(at.ts).toISOString() : ts;
      const held = this.tags.get(def.name);
      if (held && held.value === value && held.quality === quality && held.ts === vts) {
        next.set(def.name, held);
      } else next.set(def.name, { ...def, value, quality, ts: vts });
    }
    this.tags = next;
    this.alarmList = alarmsAt(this.data.journal, t, this.messages);
    const discharging = this.alarmList.some((a) => a.id === DISCHARGE_ALARM && a.active);
    const meter = next.get(OUTFALL_METER);
    this.balanceValue = balanceFromTags(
      BALANCE_TAGS,
      (name) => next.get(name) as { value: number | null; quality: TagDto['quality'] } | null,
      (name) => this.defs.get(name)?.limits ?? {},
      {
        state: discharging
          ? 'flowing'
          : meter?.quality.startsWith('Bad') !== false
            ? 'unknown'
            : 'none',
        quality: meter?.quality ?? 'Bad_NoCommunication',
      },
      ts,
    );
  }
}

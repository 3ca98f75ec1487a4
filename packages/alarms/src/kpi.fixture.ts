// A hand-made 24 h alarm journal with known KPI answers (worked out in kpi.test.ts), built event by event.
import type { Priority } from '@zld/plant';
import type { AlarmEvent, AlarmEventKind } from './events.js';
import { isaStateOf, type AlarmFlags } from './state.js';
import { T0 } from './alarm-def.fixture.js';

export const FROM = T0;
export const TO = T0 + 24 * 3_600_000;

const NORMAL: AlarmFlags = {
  active: false,
  acked: true,
  shelving: 'Unshelved',
  suppressed: false,
  outOfService: false,
  latched: false,
  firstOut: false,
};

/** hh:mm:ss on the fixture day (negative hours reach into the day before). */
export const at = (h: number, m = 0, s = 0): number => T0 + ((h * 60 + m) * 60 + s) * 1000;

interface Raw {
  ts: number;
  alarmId: string;
  priority: Priority;
  kind: AlarmEventKind;
  patch: Partial<AlarmFlags>;
  user?: string;
  /** The alarm's flags before its first event, for a journal that starts mid-way. */
  initial?: Partial<AlarmFlags>;
}

/** Collects events in any order; `build()` sorts them by time and derives from/to, flags and seq. */
export class JournalBuilder {
  private readonly raw: Raw[] = [];

  event(r: Raw): this {
    this.raw.push(r);
    return this;
  }

  /** activate at `on`; optional ack and clear times. */
  occurrence(
    alarmId: string,
    priority: Priority,
    on: number,
    opts: { ack?: number; clear?: number } = {},
  ): this {
    this.event({
      ts: on,
      alarmId,
      priority,
      kind: 'activate',
      patch: { active: true, acked: false },
    });
    if (opts.ack !== undefined) {
      this.event({
        ts: opts.ack,
        alarmId,
        priority,
        kind: 'ack',
        patch: { acked: true },
        user: 'op1',
      });
    }
    if (opts.clear !== undefined) {
      this.event({ ts: opts.clear, alarmId, priority, kind: 'clear', patch: { active: false } });
    }
    return this;
  }

  build(): AlarmEvent[] {
    const flags = new Map<string, AlarmFlags>();
    const sorted = this.raw.map((r, i) => ({ r, i })).sort((a, b) => a.r.ts - b.r.ts || a.i - b.i);
    return sorted.map(({ r }, k) => {
      const before = flags.get(r.alarmId) ?? { ...NORMAL, ...r.initial };
      const after = { ...before, ...r.patch };
      flags.set(r.alarmId, after);
      return {
        seq: k + 1,
        ts: r.ts,
        alarmId: r.alarmId,
        tag: r.alarmId.split('.')[0] ?? r.alarmId,
        priority: r.priority,
        kind: r.kind,
        from: isaStateOf(before),
        to: isaStateOf(after),
        flags: after,
        value: null,
        quality: 'Good',
        ...(r.user !== undefined ? { user: r.user } : {}),
      };
    });
  }
}

/** The fixture day. */
export function fixtureJournal(): AlarmEvent[] {
  const j = new JournalBuilder();
  // 1. A background alarm every hour at hh:05, acked at hh:06, clear at hh:07: 24 annunciations.
  for (let h = 0; h < 24; h++)
    j.occurrence('B01.H', 'low', at(h, 5), { ack: at(h, 6), clear: at(h, 7) });
  // 2. A flood from 10:00: twelve alarms 30 s apart (10 low, 1 medium, 1 high), clear at 10:30.
  for (let i = 0; i < 12; i++) {
    const id = `F${String(i + 1).padStart(2, '0')}.H`;
    const priority: Priority = i === 10 ? 'medium' : i === 11 ? 'high' : 'low';
    j.occurrence(id, priority, at(10, 0, 30 * i), { ack: at(10, 20), clear: at(10, 30) });
  }
  // 3. Chattering: C01 three times in 40 s; C02 three times in 80 s (not chattering); C03 three times
  //    in exactly 60 s while suppressed by design (chattering, but never annunciated).
  for (const s of [0, 20, 40])
    j.occurrence('C01.H', 'medium', at(14, 0, s), { clear: at(14, 0, s + 10) });
  for (const s of [0, 40, 80])
    j.occurrence('C02.H', 'low', at(15, 0, s), { clear: at(15, 0, s + 10) });
  j.event({
    ts: at(15, 59),
    alarmId: 'C03.L',
    priority: 'low',
    kind: 'suppress',
    patch: { suppressed: true },
  });
  for (const s of [0, 30, 60])
    j.occurrence('C03.L', 'low', at(16, 0, s), { clear: at(16, 0, s + 10) });
  // 4. Standing: S01 active since 23:00 the day before (in the journal); S02's journal starts with an ack at 02:00.
  j.occurrence('S01.HH', 'high', at(-1), { ack: at(-1, 30) });
  j.event({
    ts: at(2),
    alarmId: 'S02.L',
    priority: 'medium',
    kind: 'ack',
    patch: { acked: true },
    user: 'op1',
    initial: { active: true, acked: false },
  });
  // 5. Shelving: SH1 annunciated at 19:00, shelved by op2 at 20:00 for 8 h, clear at 21:00; SH2 shelved 12-13 h.
  j.occurrence('SH1.H', 'low', at(19), { clear: at(21) });
  j.event({
    ts: at(20),
    alarmId: 'SH1.H',
    priority: 'low',
    kind: 'shelve',
    patch: { shelving: 'TimedShelved' },
    user: 'op2',
  });
  j.event({
    ts: at(12),
    alarmId: 'SH2.H',
    priority: 'low',
    kind: 'shelve',
    patch: { shelving: 'TimedShelved' },
    user: 'op1',
  });
  j.event({
    ts: at(13),
    alarmId: 'SH2.H',
    priority: 'low',
    kind: 'unshelve',
    patch: { shelving: 'Unshelved' },
    user: 'op1',
  });
  // 6. Re-alarm: R01 at 06:00, acked 06:01, re-alarmed 06:31, clear 07:00: two annunciations.
  j.occurrence('R01.H', 'low', at(6), { ack: at(6, 1), clear: at(7) });
  j.event({
    ts: at(6, 31),
    alarmId: 'R01.H',
    priority: 'low',
    kind: 'realarm',
    patch: { acked: false },
  });
  return j.build();
}

// The command service assembled for unit tests: pilot plant, real TagEngine, PLC stand-ins, in-memory audit, manual clock.
import { loadPlantFile, type Plant } from '@zld/plant';
import { ManualClock, TagEngine, type Quality } from '@zld/tags';
import { afterEach } from 'vitest';
import { AuditStore } from '../audit/audit-store.js';
import { CommandService, type Actor, type ReadbackFailure } from './command-service.js';
import { manualSleep } from './manual-sleep.fixture.js';
import { RecordingPort } from './recording-port.fixture.js';

export const pilot = loadPlantFile();
const T0 = Date.parse('2025-03-01T06:00:00Z');
export const opA: Actor = {
  username: 'opA',
  role: 'operator',
  sessionRef: 'sess-opA',
  source: '10.0.0.7',
};
export const opB: Actor = {
  username: 'opB',
  role: 'operator',
  sessionRef: 'sess-opB',
  source: '10.0.0.8',
};
const audits: AuditStore[] = [];
afterEach(() => {
  for (const a of audits.splice(0)) a.close();
});

export function setup(plant: Plant = pilot) {
  const clock = new ManualClock(T0);
  const engine = new TagEngine(plant, { startTs: T0 });
  const ports = new Map(plant.plcs.map((p) => [p.id, new RecordingPort()] as const));
  const audit = new AuditStore({ path: ':memory:', clock });
  audits.push(audit);
  const failures: ReadbackFailure[] = [];
  const verified: string[] = [];
  const service = new CommandService({
    plant,
    values: (n) => engine.get(n),
    port: (id) => ports.get(id),
    audit,
    clock,
    sleep: manualSleep(clock),
    readback: { timeoutMs: 2000, intervalMs: 100 },
    onReadbackFailure: (f) => failures.push(f),
    onReadbackVerified: (tag) => verified.push(tag),
  });
  /** The plant's state: the tag engine's value, and what the PLC holds. */
  const set = (name: string, value: number | boolean | null, quality: Quality = 'Good') => {
    engine.update(name, value, quality, undefined, clock.now());
    const plc = plant.tag(name).plc!;
    if (value !== null) ports.get(plc)!.held.set(name, value);
  };
  const portOf = (tag: string) => ports.get(plant.tag(tag).plc!)!;
  const allRecords = () => audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER });
  /** The result records (the `write-send` record before each send is checked on its own). */
  const records = () => allRecords().filter((r) => r.action !== 'write-send');
  return {
    clock,
    engine,
    ports,
    audit,
    service,
    set,
    portOf,
    records,
    allRecords,
    failures,
    verified,
  };
}

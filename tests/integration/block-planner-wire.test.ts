// The Modbus block planner reads the pilot plant's registers in the fewest requests: counted on the wire.
import {
  loadPlant,
  modbusSettingsOf,
  planScanClasses,
  registerWidth,
  type ModbusAddress,
} from '@zld/protocols';
import type { PlcDef, TagDef } from '@zld/plant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startModbusTap, type ModbusTap, type WireRequest } from '@zld/testkit';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';

const plant = loadPlant();
const FC = { coil: 1, discrete: 2, holding: 3, input: 4 } as const;

/**
 * The fewest read requests that cover a set of addresses of one table: greedy from the lowest address,
 * a request grows while it stays within the size limit and jumps no gap wider than maxGap, and never
 * splits a multi-register value. (Greedy is optimal for covering points on a line with windows.)
 */
function fewestRequests(
  items: { address: number; width: number }[],
  maxCount: number,
  maxGap: number,
) {
  const sorted = [...items].sort((a, b) => a.address - b.address);
  const out: { start: number; count: number }[] = [];
  let cur: { start: number; end: number } | null = null;
  for (const it of sorted) {
    const end = it.address + it.width;
    if (cur && it.address - cur.end <= maxGap && Math.max(cur.end, end) - cur.start <= maxCount) {
      cur.end = Math.max(cur.end, end);
      continue;
    }
    if (cur) out.push({ start: cur.start, count: cur.end - cur.start });
    cur = { start: it.address, end };
  }
  if (cur) out.push({ start: cur.start, count: cur.end - cur.start });
  return out;
}

/** Independent of the driver: the minimum requests per poll of every scan class of a Modbus PLC. */
function minimumPlan(
  plc: PlcDef,
): { scanClass: string; fc: number; start: number; count: number }[] {
  const mb = modbusSettingsOf(plc);
  const tags = plant.tags.filter(
    (t): t is TagDef & { address: ModbusAddress } => t.plc === plc.id && !t.computed,
  );
  const out: { scanClass: string; fc: number; start: number; count: number }[] = [];
  for (const scanClass of Object.keys(plc.scanClasses))
    for (const table of ['coil', 'discrete', 'holding', 'input'] as const) {
      const items = tags
        .filter((t) => t.scanClass === scanClass && t.address.table === table)
        .map((t) => ({
          address: t.address.address,
          width: table === 'coil' || table === 'discrete' ? 1 : registerWidth(t.dataType),
        }));
      if (items.length === 0) continue;
      const bits = table === 'coil' || table === 'discrete';
      for (const r of fewestRequests(
        items,
        bits ? mb.maxBitsPerRead : mb.maxRegistersPerRead,
        mb.maxGap,
      ))
        out.push({ scanClass, fc: FC[table], ...r });
    }
  return out;
}

const key = (r: { fc: number; start: number | undefined; count: number | undefined }) =>
  `FC${r.fc} ${r.start}+${r.count}`;

describe('the Modbus block planner on the wire', () => {
  let sims: TestSimulators;
  let gw: TestGateway;
  const taps = new Map<string, ModbusTap>();

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    const plcEndpoints = { ...sims.plcEndpoints };
    for (const plc of plant.plcs.filter((p) => p.protocol === 'modbus')) {
      const ep = sims.running.endpoints[plc.id]!;
      const tap = await startModbusTap({ host: ep.host, port: ep.port });
      taps.set(plc.id, tap);
      plcEndpoints[plc.id] = { host: tap.host, port: tap.port };
    }
    gw = await startTestGateway({ plcEndpoints });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    for (const t of taps.values()) await t.close();
    await sims?.stop();
  });

  it.each(['PLC-100', 'PLC-300'])(
    '%s: the requests on the wire are exactly the fewest that cover its registers',
    async (plcId) => {
      const plc = plant.plcById.get(plcId)!;
      const tap = taps.get(plcId)!;
      const slowest = Math.max(...Object.values(plc.scanClasses).map((s) => s.periodMs));
      // Long enough for every scan class to poll at least once.
      await new Promise((r) => setTimeout(r, slowest + 1500));
      const seen: WireRequest[] = [...tap.requests];
      const distinct = new Set(seen.map(key));
      const minimum = minimumPlan(plc);
      // What went on the wire is exactly the minimum plan...
      expect([...distinct].sort()).toEqual(minimum.map(key).sort());
      // ... which is also what the driver's planner says.
      const planned = planScanClasses(
        plc,
        plant.tags.filter((t) => t.plc === plc.id && !t.computed),
      );
      expect(planned.flatMap((s) => s.blocks).length).toBe(minimum.length);
      // Only reads, to the PLC's unit id.
      expect(
        seen.every((r) => r.fc >= 1 && r.fc <= 4 && r.unit === modbusSettingsOf(plc).unitId),
      ).toBe(true);
      // And the driver counts the same requests the wire carried.
      const text = await gw.getText('/metrics');
      const counted = Number(
        new RegExp(`^zld_plc_requests_total\\{plc="${plcId}"\\} (\\S+)$`, 'm').exec(text)?.[1],
      );
      expect(Math.abs(counted - tap.requests.length)).toBeLessThanOrEqual(distinct.size);
    },
    30_000,
  );
});

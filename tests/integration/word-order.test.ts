// A plant file whose word order is opposite to the PLC's, against the simulated pilot line: the misread
// values are questionable (Uncertain_EngineeringUnitsExceeded) in the API and the history, counted in
// /metrics, and each tag is logged once with the likely cause.
import type { HistoryResponseDto, TagDto } from '@zld/api';
import { buildPlant, type Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { waitFor } from '@zld/testkit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHistoryGateway, type HistoryGateway } from '../history/history-gateway.js';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';

const OVER = 'Uncertain_EngineeringUnitsExceeded';

/** The pilot plant, except that PLC-300 (little word order on the device) is declared big. */
function wrongWordOrder(): Plant {
  const file = loadPlant().file;
  return buildPlant({
    ...file,
    plcs: file.plcs.map((p) =>
      p.id === 'PLC-300' ? { ...p, settings: { ...p.settings, wordOrder: 'big' } } : p,
    ),
  });
}

describe('a word order opposite to the PLC', () => {
  let sims: TestSimulators;
  let gw: HistoryGateway;
  let dataDir: string;
  const plant = wrongWordOrder();
  const warnings: string[] = [];
  const since = new Date().toISOString();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zld-word-order-'));
    sims = await startTestSimulators({ speed: 1 });
    gw = await startHistoryGateway({
      plcEndpoints: sims.plcEndpoints,
      plant,
      dataDir,
      driverLogger: { info: () => {}, warn: (m) => warnings.push(m) },
    });
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await sims?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes the misread tags Uncertain_EngineeringUnitsExceeded, logs each once with the cause, counts and historizes them', async () => {
    const over = await waitFor(
      async () => {
        const tags = await gw.get<TagDto[]>('/api/tags');
        const out = tags.filter((t) => t.quality === OVER);
        return out.length > 0 && out;
      },
      { timeoutMs: 20_000, what: 'a tag beyond its range' },
    );
    // Several more polls of every scan class (the slowest is 5 s): still one line per tag.
    await new Promise((r) => setTimeout(r, 6000));
    for (const t of over) {
      expect(t.plc, t.name).toBe('PLC-300');
      expect(t.dataType, t.name).toMatch(/^(float32|int32|uint32|float64)$/);
      const [lo, hi] = t.range;
      expect(typeof t.value === 'number' && (t.value < lo || t.value > hi), t.name).toBe(true);
    }
    const byTag = new Map<string, string[]>();
    for (const w of warnings) {
      const name = /^PLC-\d+: (\S+) /.exec(w)?.[1] ?? '?';
      byTag.set(name, [...(byTag.get(name) ?? []), w]);
    }
    for (const t of over) {
      expect(byTag.get(t.name), t.name).toHaveLength(1);
      expect(byTag.get(t.name)![0]).toMatch(
        new RegExp(
          `^PLC-300: ${t.name} read \\S+ outside its range \\[.*\\] \\(${OVER}\\): check word order or scaling$`,
        ),
      );
    }
    for (const w of warnings) expect(w).toMatch(/^PLC-300: /);
    const metrics = await (await gw.fetch('/metrics')).text();
    const counted = /zld_plc_values_out_of_range_total\{plc="PLC-300"\} (\d+)/.exec(metrics);
    expect(Number(counted?.[1])).toBeGreaterThan(0);
    expect(metrics).toContain('zld_plc_values_out_of_range_total{plc="PLC-100"} 0');
    // The history keeps the number read, with its quality.
    const name = over[0]!.name;
    const q = new URLSearchParams({
      tags: name,
      from: since,
      to: new Date(Date.now() + 1000).toISOString(),
      maxPoints: '1000',
    });
    await waitFor(
      async () => {
        const body = await gw.get<HistoryResponseDto>(`/api/history?${q}`);
        const points = body.series[0]?.points ?? [];
        return points.some((p) => p.quality === OVER && typeof p.value === 'number');
      },
      { timeoutMs: 15_000, what: `${name} historized as ${OVER}` },
    );
  });
});

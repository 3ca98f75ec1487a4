import { loadPlant } from '@zld/protocols';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleRuntime } from './assemble.js';

const plant = loadPlant();

describe('assembleRuntime', () => {
  it('makes one driver per PLC from the registry and exposes each by PLC id (not started)', async () => {
    const pkiDir = mkdtempSync(join(tmpdir(), 'zld-assemble-'));
    const runtime = assembleRuntime(plant, {
      plcEndpoints: { 'PLC-100': { host: '127.0.0.1', port: 1 } },
      driverOptions: { pkiDir },
    });
    for (const plc of plant.plcs) {
      const d = runtime.driver(plc.id);
      expect(d?.plcId, plc.id).toBe(plc.id);
      expect(d?.protocol).toBe(plc.protocol);
      expect(d?.status().demoted).toBe(false);
    }
    expect(runtime.driver('PLC-999')).toBeUndefined();
    expect(runtime.health().plcs.map((p) => p.plcId)).toEqual(plant.plcs.map((p) => p.id));
    await runtime.stop();
    rmSync(pkiDir, { recursive: true, force: true });
  });
});

// `npm run plant` as a process: results alone on standard output, messages on standard error, the exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PILOT_PLANT_FILE } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function plant(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      INIT_CWD: fileURLToPath(new URL('../../plant/plants/', import.meta.url)),
    },
    timeout: 60_000,
  });
}

describe('the plant command as a process', () => {
  it('writes the CSV alone on standard output, paths taken from where npm was started', () => {
    const r = plant('export-csv', 'pilot.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'name,description,area,unit,PLC,address,data type,word order,scaling,range,scan,states,writable,write limits,LL,L,H,HH',
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(loadPlant().tags.length + 1);
    expect(r.stderr).toContain('not in the CSV');
  });

  it('exits 0 on a good plant file and 2 on a wrong command line', () => {
    expect(plant('check', PILOT_PLANT_FILE).status).toBe(0);
    const usage = plant('check');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run plant -- check <plant.yaml>');
  });
});

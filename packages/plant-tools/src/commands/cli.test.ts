// The commands as a user runs them (in-process, real files in a temporary folder): exit codes, messages, files.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PILOT_PLANT_FILE } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlantCli } from '../cli.js';

const dir = mkdtempSync(join(tmpdir(), 'plant-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runPlantCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: dir,
  });
  return { code, out, err };
}

describe('npm run plant -- check', () => {
  it('says a good file loads', async () => {
    const r = await run('check', PILOT_PLANT_FILE);
    expect(r.code).toBe(0);
    const pilot = loadPlant();
    expect(r.out).toContain(
      `loads. 3 PLCs, ${pilot.tags.length} tags (9 computed), ${pilot.alarms.length} alarms`,
    );
  });

  it('prints every problem at once with its line, and fails', async () => {
    const pilot = readFileSync(PILOT_PLANT_FILE, 'utf8');
    const lines = pilot.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const broken = pilot
      .replace('      unitId: 1\n', '      unitId: 999\n')
      .replace('    range: [0, 20]\n    normal: [0, 2]', '    range: [20, 0]\n    normal: [0, 2]')
      .replace('priority: low', 'priority: urgent');
    writeFileSync(join(dir, 'broken.yaml'), broken);
    const r = await run('check', 'broken.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`broken.yaml:${at('unitId: 1')} (plcs[PLC-100].modbus.unitId):`);
    expect(r.err).toContain(`broken.yaml:${at('priority: low')} (tags[FT-001].alarms.H.priority):`);
    expect(r.err).toMatch(/^broken\.yaml: 2 errors/);
  });

  it('exits 2 on a missing file or a wrong command line', async () => {
    expect((await run('check', 'nowhere.yaml')).code).toBe(2);
    expect((await run('check')).code).toBe(2);
    expect((await run('frobnicate')).err).toContain('unknown command "frobnicate"');
  });
});

describe('npm run plant -- export-csv', () => {
  it('writes the tag and PLC CSVs, and never over existing files without --force', async () => {
    const first = await run('export-csv', PILOT_PLANT_FILE, '-o', 'pilot.csv');
    expect(first.code).toBe(0);
    expect(first.err).toContain('wrote pilot.csv and pilot.plcs.csv');
    const tags = readFileSync(join(dir, 'pilot.csv'), 'utf8');
    expect(tags.split('\n')[0]).toBe(
      'name,description,area,unit,PLC,address,data type,word order,scaling,range,scan,states,writable,write limits,LL,L,H,HH',
    );
    expect(readFileSync(join(dir, 'pilot.plcs.csv'), 'utf8')).toContain(
      'PLC-300,modbus://127.0.0.1:5021?unit=1&order=CDAB,',
    );
    writeFileSync(join(dir, 'pilot.plcs.csv'), 'mine');
    const again = await run('export-csv', PILOT_PLANT_FILE, '-o', 'pilot.csv');
    expect(again.code).toBe(2);
    expect(again.err).toContain('pilot.csv and pilot.plcs.csv exist; add --force');
    expect(readFileSync(join(dir, 'pilot.plcs.csv'), 'utf8')).toBe('mine');
    expect((await run('export-csv', PILOT_PLANT_FILE, '-o', 'pilot.csv', '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'pilot.plcs.csv'), 'utf8')).toContain('PLC-100,');
  });

  it('gives import-csv the PLC CSV it wrote beside the tags', async () => {
    await run('export-csv', PILOT_PLANT_FILE, '-o', 'again.csv');
    const r = await run('import-csv', 'again.csv');
    expect(r.err).toContain('PLCs from again.plcs.csv (beside the CSV)');
    expect(r.err).not.toContain('has no connection');
  });
});

describe('npm run plant -- import-csv', () => {
  it('writes nothing when the plant file would not load, and says which cell is wrong', async () => {
    writeFileSync(
      join(dir, 'limits.csv'),
      'name,PLC,address,data type,range,HH\nLine1_Level,PLC-1,hr:0,int16,0..100,150\n',
    );
    const r = await run(
      'import-csv',
      'limits.csv',
      '--plc',
      'PLC-1=modbus://127.0.0.1:1502',
      '-o',
      'limits.yaml',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('limits.csv:2:6 (HH): alarm limit 150 is outside the range [0, 100]');
    expect(r.err).toContain('nothing written');
    expect(existsSync(join(dir, 'limits.yaml'))).toBe(false);
  });

  it('reports the CSV problems and the PLC list problems together', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'name,PLC,address,data type,range\nA,P,hr:0,int64,0..1\n');
    writeFileSync(join(dir, 'bad.plcs.csv'), 'plc,url\nP,modbus:/nohost\n');
    const r = await run('import-csv', 'bad.csv', '--plcs', 'bad.plcs.csv');
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.plcs.csv:2:2 (url): P: "modbus:/nohost" is not a PLC URL');
    expect(r.err).toContain('bad.csv:2:4 (data type): unknown data type "int64"');
  });
});

describe('npm run plant -- import-csv, a plant that loads', () => {
  const CSV = [
    'name,description,area,unit,PLC,address,data type,word order,range,writable,write limits,H,HH',
    'Line1_Temp,Reactor temperature,Line 1,degC,PLC-1,hr:0,REAL,CDAB,-10..210,,,180,200 critical',
    'Line1_Flow.SP,Flow setpoint,Line 1,L/h,PLC-1,40003,float32,CDAB,0..50,yes,0..40,,',
    'Pump:Run,Pump running,Line 1,,PLC-1,di:4,,,,,,,',
    'Press,Pressure,Line 2,kPa,OPC-1,nsu=urn:line2:plc;i=1001,float64,,0..600,,,,',
    '',
  ].join('\n');

  beforeAll(() => writeFileSync(join(dir, 'line.csv'), CSV));

  it('writes it, check says it loads, and it is not replaced without --force', async () => {
    const plcs = [
      '--plc',
      'PLC-1=modbus://127.0.0.1:1502',
      '--plc',
      'OPC-1=opc.tcp://127.0.0.1:4841',
    ];
    const r = await run('import-csv', 'line.csv', ...plcs, '-o', 'line.yaml');
    expect(r.err).toContain('wrote line.yaml: 4 tags on 2 PLCs');
    expect(r.err).toMatch(/line\.csv:2:1 \(name\): warning: .*Line1_Temp.*ISA-5\.1/);
    expect(r.code).toBe(0);
    const check = await run('check', 'line.yaml');
    expect(check.out).toMatch(
      /line\.yaml: loads\. 2 PLCs, 4 tags \(0 computed\), 2 alarms, \d+ warnings/,
    );
    expect(check.err).toMatch(/line\.yaml:\d+ \(tags\[Line1_Temp\]\.name\): warning: /);
    expect(check.code).toBe(0);
    const again = await run('import-csv', 'line.csv', ...plcs, '-o', 'line.yaml');
    expect(again.code).toBe(2);
    expect(again.err).toContain('line.yaml exists; add --force');
    expect((await run('import-csv', 'line.csv', ...plcs, '-o', 'line.yaml', '--force')).code).toBe(
      0,
    );
  });

  it('prints the plant file on standard output without -o', async () => {
    const plcs = [
      '--plc',
      'PLC-1=modbus://127.0.0.1:1502',
      '--plc',
      'OPC-1=opc.tcp://127.0.0.1:4841',
    ];
    const r = await run('import-csv', 'line.csv', ...plcs);
    expect(r.code).toBe(0);
    expect(r.out).toContain('address: {nodeId: nsu=urn:line2:plc;i=1001}');
  });
});

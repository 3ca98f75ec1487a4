import { describe, expect, it } from 'vitest';
import { formatProblem } from '../problem.js';
import { csvToPlant } from './import-csv.js';
import { mergePlcLists, plcsFromCsv, plcsFromFlags } from './plc-list.js';

const PLCS = plcsFromCsv(
  [
    'plc,url,description',
    'PLC-1,modbus://127.0.0.1:5020?unit=3&timeout=500,Line 1 PLC',
    'OPC-1,opc.tcp://127.0.0.1:4840/ua?namespace=urn:line1:plc,Line 1 controller',
  ].join('\n'),
  'plcs.csv',
);

const GOOD = `name,description,area,unit,PLC,address,data type,word order,scaling,range,scan,writable,write limits,LL,L,H,HH
Line1_Temp,Reactor temperature,Line 1,degC,PLC-1,hr:0,REAL,CDAB,,-10..210,fast,,,,,180,200 critical
Line1_Level,Tank level,Line 1,%,PLC-1,30001,uint16,,0..10000 -> 0..100,,,,,5,10,,
Pump_Run,Pump running,Line 1,,PLC-1,di:4,,,,,,,,,,,
Pump_Cmd,Pump command,Line 1,,PLC-1,00002,bool,,,,,yes,,,,,
Flow_SP,Flow setpoint,Line 1,L/h,PLC-1,40003,float32,CDAB,,0..50,slow,yes,0..40,,,,
Press,Pressure,Line 2,kPa,OPC-1,ns=2;s=Line2.Press,float64,,,0..600,250ms,,,,,,
Speed,Fan speed,Line 2,rpm,OPC-1,nsu=urn:other;i=1001,float32,,,0..3000,,,,,,,
Valve,Valve position,Line 2,%,OPC-1,Line2.Valve,float32,,,0..100,,,,,,,
Total,Computed total,Line 2,kg,,,float64,,,0..1e6,,,,,,,
`;

describe('csvToPlant', () => {
  it('makes a plant document of a tag CSV and its PLCs', () => {
    const r = csvToPlant({
      text: GOOD,
      file: 'tags.csv',
      plcs: PLCS,
      plantId: 'line1',
      plantName: 'Line 1',
    });
    expect(r.problems.map(formatProblem)).toEqual([]);
    const doc = r.doc as {
      plcs: Record<string, unknown>[];
      areas: unknown[];
      tags: Record<string, unknown>[];
    };
    expect(doc.plcs).toEqual([
      {
        id: 'PLC-1',
        description: 'Line 1 PLC',
        areas: ['line-1'],
        scanClasses: {
          fast: { periodMs: 500 },
          normal: { periodMs: 1000 },
          slow: { periodMs: 5000 },
        },
        protocol: 'modbus',
        modbus: {
          host: '127.0.0.1',
          port: 5020,
          unitId: 3,
          timeoutMs: 500,
          byteOrder: 'big',
          wordOrder: 'little',
        },
      },
      {
        id: 'OPC-1',
        description: 'Line 1 controller',
        areas: ['line-2'],
        scanClasses: { '250ms': { periodMs: 250 }, normal: { periodMs: 1000 } },
        protocol: 'opcua',
        opcua: { endpointUrl: 'opc.tcp://127.0.0.1:4840/ua', namespaceUri: 'urn:line1:plc' },
      },
    ]);
    expect(doc.areas).toEqual([
      { id: 'line-1', name: 'Line 1' },
      { id: 'line-2', name: 'Line 2' },
    ]);
    const tag = (name: string) => doc.tags.find((t) => t.name === name)!;
    expect(tag('Line1_Temp')).toMatchObject({
      area: 'line-1',
      unit: 'degC',
      dataType: 'float32',
      plc: 'PLC-1',
      address: { table: 'holding', address: 0 },
      scanClass: 'fast',
      range: [-10, 210],
      alarms: {
        H: { limit: 180, priority: 'medium', cause: 'Reactor temperature high (above 180 degC)' },
        HH: { limit: 200, priority: 'critical' },
      },
    });
    expect(tag('Line1_Level')).toMatchObject({
      address: { table: 'input', address: 0 },
      scaling: { raw: [0, 10000], eu: [0, 100] },
      range: [0, 100],
      scanClass: 'normal',
      alarms: { LL: { limit: 5, priority: 'high' }, L: { limit: 10, priority: 'medium' } },
    });
    expect(tag('Pump_Run')).toMatchObject({
      dataType: 'bool',
      address: { table: 'discrete', address: 4 },
    });
    expect(tag('Pump_Run').range).toBeUndefined();
    expect(tag('Pump_Cmd')).toMatchObject({
      writable: true,
      address: { table: 'coil', address: 1 },
    });
    expect(tag('Pump_Cmd').write).toBeUndefined();
    expect(tag('Flow_SP')).toMatchObject({
      writable: true,
      write: { min: 0, max: 40 },
      address: { table: 'holding', address: 2 },
    });
    expect(tag('Press').address).toEqual({ nodeId: 'ns=2;s=Line2.Press' });
    expect(tag('Speed').address).toEqual({ nodeId: 'nsu=urn:other;i=1001' });
    expect(tag('Valve').address).toEqual({ node: 'Line2.Valve' });
    expect(tag('Total')).toMatchObject({ computed: true });
    expect(tag('Total').plc).toBeUndefined();
  });

  it('reports every problem of every row at once, each at its line and column', () => {
    const text = [
      'name,PLC,address,data type,word order,range,HH,colour',
      'A,PLC-1,hr:0,float32,CDAB,0..10,',
      'B,PLC-1,hr:2,float33,,0..10,',
      'C,PLC-9,hr:4,float32,,0..10,',
      'D,PLC-1,xx:1,float32,ABCD,ten,12 urgent',
      'A,OPC-1,nsu=;i=5,float32,,0..1,',
      ',PLC-1,hr:70000,int16,,,',
    ].join('\n');
    const r = csvToPlant({ text, file: 't.csv', plcs: PLCS, plantId: 'p', plantName: 'p' });
    expect(r.problems.map(formatProblem)).toEqual([
      't.csv:1:8: unknown column "colour" (columns: name, description, area, unit, PLC, address, data type, word order, scaling, range, scan, states, writable, write limits, LL, L, H, HH)',
      't.csv:3:4 (data type): unknown data type "float33" (one of bool, int16, uint16, int32, uint32, float32, float64, or REAL, DINT, INT...)',
      't.csv:4:2 (PLC): PLC "PLC-9" has no connection: give --plc PLC-9=<url> or a row in --plcs',
      't.csv:5:3 (address): unknown Modbus table "xx" (coil, di, ir or hr)',
      't.csv:5:5 (word order): PLC-1 reads CDAB on line 2; a PLC has one word order',
      't.csv:5:6 (range): "ten" is not a span like 0..100',
      't.csv:5:7 (HH): unknown priority "urgent" (critical, high, medium, low)',
      't.csv:6:3 (address): "nsu=;i=5" is not a NodeId like ns=2;s=Line1.Temp or nsu=urn:x;i=1001',
      't.csv:6:1 (name): tag A is already on line 2',
      't.csv:7:1 (name): no tag name',
      't.csv:7:3 (address): register 70000 is past 65535 (zero-based after "hr:")',
    ]);
  });

  it('leaves the range of a discrete tag to the loader (the span of its states)', () => {
    const text =
      'name,PLC,address,data type,states,writable\nMode,PLC-1,hr:20,int16,0=MAN|1=AUTO|2=CAS,yes\n';
    const r = csvToPlant({ text, file: 't.csv', plcs: PLCS, plantId: 'p', plantName: 'p' });
    expect(r.problems).toEqual([]);
    expect((r.doc.tags as Record<string, unknown>[])[0]!.range).toBeUndefined();
    expect((r.doc.tags as Record<string, unknown>[])[0]).toMatchObject({
      states: { '0': 'MAN', '1': 'AUTO', '2': 'CAS' },
      writable: true,
    });
  });

  it('reads decimal commas in a file separated by ";"', () => {
    const text = 'name;PLC;address;data type;range;H\nA;PLC-1;hr:0;float32;-0,5..10,25;9,5 high\n';
    const r = csvToPlant({ text, file: 't.csv', plcs: PLCS, plantId: 'p', plantName: 'p' });
    expect(r.problems).toEqual([]);
    expect((r.doc.tags as Record<string, unknown>[])[0]).toMatchObject({
      range: [-0.5, 10.25],
      alarms: { H: { limit: 9.5, priority: 'high' } },
    });
  });

  it('warns when a prefixed register looks one-based', () => {
    const text = 'name,PLC,address,data type,range\nA,PLC-1,hr:40001,int16,0..10\n';
    const r = csvToPlant({ text, file: 't.csv', plcs: PLCS, plantId: 'p', plantName: 'p' });
    expect(r.problems).toEqual([]);
    expect(r.warnings.map(formatProblem)).toEqual([
      't.csv:2:3 (address): "hr:40001" is read as zero-based register 40001; the one-based register 40001 is "40001" without the prefix',
      'plcs.csv:3: PLC OPC-1 has no tags; left out',
    ]);
  });

  it('takes the one PLC for every tag when the CSV has no PLC column; flags add to or replace the PLC file', () => {
    const flags = plcsFromFlags(['M=modbus://127.0.0.1:1502', 'bad', 'X=ftp://host']);
    expect(flags.problems.map(formatProblem)).toEqual([
      '--plc: "bad" is not NAME=URL (PLC-1=modbus://10.0.0.5:502)',
      '--plc (url): X: "ftp://host" is not a PLC URL (modbus://192.168.0.10:502?unit=1, opc.tcp://192.168.0.20:4840?namespace=urn:line1:plc, loopback://127.0.0.1:5030)',
    ]);
    const only = plcsFromFlags(['M=modbus://127.0.0.1:1502']);
    const r = csvToPlant({
      text: 'name,address,data type,range\nA,hr:1,int16,0..5\n',
      file: 't.csv',
      plcs: only,
      plantId: 'p',
      plantName: 'p',
    });
    expect(r.problems).toEqual([]);
    expect((r.doc.tags as { plc: string }[])[0]!.plc).toBe('M');
    const merged = mergePlcLists(PLCS, plcsFromFlags(['PLC-1=modbus://127.0.0.1:9999']));
    expect(merged.plcs.map((p) => [p.name, p.settings.port ?? p.settings.endpointUrl])).toEqual([
      ['OPC-1', 'opc.tcp://127.0.0.1:4840/ua'],
      ['PLC-1', 9999],
    ]);
  });
});

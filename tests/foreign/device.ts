// The foreign device's contents, declared once: what pymodbus serves, the tags the driver reads, what to expect.
import type { DataType, PlcDef, Scaling, TagDef } from '@zld/plant';
import { modbus, type ModbusTable } from '@zld/protocols';
import type { ImageEntry, ImageType, PymodbusServer, ServerImage } from './pymodbus.js';
import type { SampleLog } from './sample-log.js';

export interface Point {
  name: string;
  table: ModbusTable;
  address: number;
  dataType: DataType;
  /** The raw value the device holds (before scaling). */
  raw: number | boolean;
  scaling?: Scaling;
  range: [number, number];
}

const SCALED: Scaling = { raw: [-10000, 10000], eu: [-50, 150] };
const FLOATS = [
  0, 1, -1, 1.1, -7.3, 3.14159265, 2.5e-3, -1.5e-6, 123.456, -987.654, 33.3, 1e6, -2.5e5, 65535.5,
  0.1, 42, 273.15, -40.04, 99.99, 16777217,
];
const INTS = [0, 1, -1, 32767, -32768, 12345, -12345, 100, -100, 255];
const SCALED_RAWS = [-10000, -5000, 0, 1, -1, 2500, 7777, 9999, 10000, -3333];
const COILS = [true, false, true, true, false, false, true, false];

/**
 * 20 float32 holding registers, 10 plain int16 input registers, 10 scaled int16 holding registers, 8
 * coils. `other` gives every point another value (a second unit on one line must not read the first's).
 */
export function devicePoints(prefix = 'X', other = false): Point[] {
  const floats = other ? FLOATS.map((v) => -v - 1) : FLOATS;
  const ints = other ? INTS.map((v) => -v - 1) : INTS;
  const scaled = other ? SCALED_RAWS.map((v) => -v) : SCALED_RAWS;
  const coils = other ? COILS.map((v) => !v) : COILS;
  return [
    ...floats.map((raw, i): Point => ({
      name: `${prefix}F${i}`,
      table: 'holding',
      address: 2 * i,
      dataType: 'float32',
      raw,
      range: [-1e8, 1e8],
    })),
    ...ints.map((raw, i): Point => ({
      name: `${prefix}I${i}`,
      table: 'input',
      address: 100 + i,
      dataType: 'int16',
      raw,
      range: [-32768, 32767],
    })),
    ...scaled.map((raw, i): Point => ({
      name: `${prefix}S${i}`,
      table: 'holding',
      address: 200 + i,
      dataType: 'int16',
      raw,
      scaling: SCALED,
      range: [-50, 150],
    })),
    ...coils.map((raw, i): Point => ({
      name: `${prefix}C${i}`,
      table: 'coil',
      address: 16 + i,
      dataType: 'bool',
      raw,
      range: [0, 1],
    })),
  ];
}

/** The server image of points on one or more unit ids. */
export function imageOf(units: Record<number, Point[]>): ServerImage {
  return {
    byteOrder: 'big',
    wordOrder: 'big',
    units: Object.fromEntries(
      Object.entries(units).map(([unit, points]) => [
        unit,
        points.map((p): ImageEntry => ({
          table: p.table,
          address: p.address,
          type: p.dataType as ImageType,
          value: p.raw,
        })),
      ]),
    ),
  };
}

/** The tags of the points on a PLC (one scan class, `fast`). */
export function tagsOf(points: readonly Point[], plc: string): TagDef[] {
  return points.map((p) => ({
    name: p.name,
    description: p.name,
    area: 'test',
    unit: '',
    dataType: p.dataType,
    plc,
    address: { table: p.table, address: p.address },
    computed: false,
    scanClass: 'fast',
    range: p.range,
    deadband: 0,
    maxIntervalS: 300,
    decimals: 3,
    writable: false,
    ...(p.scaling ? { scaling: p.scaling } : {}),
  }));
}

/** A Modbus PLC from a plant-file settings block, parsed by the module's schema (defaults applied). */
export function plcOf(id: string, block: unknown, scanMs: number): PlcDef {
  return {
    id,
    description: `${id}: a device nobody here wrote`,
    areas: ['test'],
    clockTag: `${id}.CLOCK`,
    scanClasses: { fast: { periodMs: scanMs } },
    protocol: 'modbus',
    settings: modbus.settings.parse(block) as PlcDef['settings'],
  };
}

/** The engineering value the driver must report: what pymodbus says it holds, with the tag's scaling. */
export function expectedValue(p: Point, server: PymodbusServer, unit = 1): number | boolean {
  const held = server.holds[String(unit)]?.[`${p.table}:${p.address}`];
  if (held === undefined) throw new Error(`the server does not hold ${p.table}:${p.address}`);
  if (typeof held === 'boolean' || !p.scaling) return held;
  const { raw, eu } = p.scaling;
  return eu[0] + ((held - raw[0]) * (eu[1] - eu[0])) / (raw[1] - raw[0]);
}

/**
 * The points whose latest sample is not what the server holds: float32 the same float32, int16 and coils
 * exactly, scaled values to 1e-9.
 */
export function mismatches(
  log: SampleLog,
  points: readonly Point[],
  server: PymodbusServer,
  unit = 1,
): string[] {
  return points.flatMap((p) => {
    const s = log.latest.get(p.name);
    const want = expectedValue(p, server, unit);
    const ok =
      s?.quality === 'Good' &&
      (p.scaling ? Math.abs((s.value as number) - (want as number)) <= 1e-9 : s.value === want);
    return ok ? [] : [`${p.name}: ${String(s?.value)} ${s?.quality ?? ''}, server holds ${want}`];
  });
}

// A plant's tags as the tag CSV, and its PLCs as the PLC CSV: what import-csv reads back.
import type { Plant, PlcDef, TagDef } from '@zld/plant';
import { textOf } from '../protocol-text/index.js';
import { formatOrder, formatScan, formatSpan, formatScaling, formatStates } from './cells.js';
import { COLUMNS, type ColumnKey } from './columns.js';
import { writeCsv } from './csv-text.js';

const LIMITS = ['LL', 'L', 'H', 'HH'] as const;
const WIDE_TYPES = new Set(['int32', 'uint32', 'float32', 'float64']);

export interface CsvExport {
  tags: string;
  plcs: string;
  /** What the CSV cannot carry and was left out, one line per kind of thing (for the user). */
  leftOut: string[];
}

export function plantToCsv(plant: Plant): CsvExport {
  const plcs = new Map(plant.plcs.map((p) => [p.id, p] as const));
  const rows = plant.tags.map((t) => {
    const plc = t.plc !== undefined ? plcs.get(t.plc) : undefined;
    const cells = tagCells(t, plc);
    return COLUMNS.map((c) => cells[c.key] ?? '');
  });
  const plcRows = plant.plcs.map((p) => [
    p.id,
    textOf(p.protocol)?.formatUrl(p.settings) ?? '',
    p.description,
  ]);
  return {
    tags: writeCsv(
      COLUMNS.map((c) => c.header),
      rows,
    ),
    plcs: writeCsv(['plc', 'url', 'description'], plcRows),
    leftOut: leftOut(plant),
  };
}

function tagCells(t: TagDef, plc: PlcDef | undefined): Partial<Record<ColumnKey, string>> {
  const text = plc ? textOf(plc.protocol) : undefined;
  const address =
    plc && text && t.address ? text.formatAddress(t.address, plc.settings) : undefined;
  const s = plc?.settings ?? {};
  const order =
    text?.orderKeys && WIDE_TYPES.has(t.dataType)
      ? formatOrder({
          byteOrder: s[text.orderKeys.byteOrder] === 'little' ? 'little' : 'big',
          wordOrder: s[text.orderKeys.wordOrder] === 'little' ? 'little' : 'big',
        })
      : undefined;
  const period =
    plc && t.scanClass !== undefined ? plc.scanClasses[t.scanClass]?.periodMs : undefined;
  const cells: Partial<Record<ColumnKey, string>> = {
    name: t.name,
    description: t.description,
    area: t.area,
    unit: t.unit,
    dataType: t.dataType,
    range: formatSpan(t.range),
    writable: t.writable ? 'yes' : '',
  };
  if (plc) cells.plc = plc.id;
  if (address !== undefined) cells.address = address;
  if (order !== undefined) cells.order = order;
  if (t.scaling) cells.scaling = formatScaling(t.scaling);
  if (t.states) cells.states = formatStates(t.states);
  if (period !== undefined && t.scanClass !== undefined)
    cells.scan = formatScan(t.scanClass, period);
  if (t.writable && t.write?.min !== undefined && t.write.max !== undefined)
    cells.writeLimits = formatSpan([t.write.min, t.write.max]);
  for (const type of LIMITS) {
    const a = t.alarms?.[type];
    if (a) cells[type] = `${a.limit} ${a.priority}`;
  }
  return cells;
}

/** The parts of a plant file the CSV does not carry, said once each. */
function leftOut(plant: Plant): string[] {
  const f = plant.file;
  const tags = (pick: (t: TagDef) => unknown) => f.tags.filter(pick).length;
  const lines: [number, string][] = [
    [plant.areas.length, 'area names (the CSV carries area ids)'],
    [f.equipment.length, "equipment entries and the tags' equipment"],
    [f.loops.length, 'loops'],
    [f.interlocks.length, 'interlocks'],
    [
      tags((t) => t.alarms),
      "tags' alarm texts, deadbands and delays (limits and priorities are carried)",
    ],
    [tags((t) => t.alarms?.ROC ?? t.alarms?.DISCRETE), "tags' rate-of-change and discrete alarms"],
    [tags((t) => t.normal), "tags' normal ranges, and deadbands, decimals and historian intervals"],
  ];
  const out = lines.filter(([n]) => n > 0).map(([n, what]) => `${what} (${n})`);
  if ((f as { waterBalance?: unknown }).waterBalance !== undefined) out.push('the water balance');
  return out;
}

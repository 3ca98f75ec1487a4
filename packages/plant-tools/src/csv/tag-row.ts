// One row of the tag CSV as a plant-file tag: each cell read in its text form, each problem at its line and column.
import type { DataType, LimitType, Priority } from '@zld/plant';
import { textOf, type Settings } from '../protocol-text/index.js';
import {
  DEFAULT_SCAN,
  parseDataType,
  parseLimit,
  parseOrder,
  parseScaling,
  parseScan,
  parseSpan,
  parseStates,
  parseYesNo,
  type Parsed,
  type RegisterOrder,
} from './cells.js';
import type { ColumnKey, Row } from './columns.js';

/** A PLC as the rows use it: its connection, and what its tags ask of it. */
export interface PlcUse {
  name: string;
  protocol: string;
  settings: Settings;
  /** The register order, and the cell that set it (Modbus). */
  order?: { value: RegisterOrder; where: string };
  scans: Map<string, number>;
  areas: Set<string>;
}

export interface RowSink {
  problem(row: Row, key: ColumnKey, message: string): void;
  warning(row: Row, key: ColumnKey, message: string): void;
}

export interface RowContext extends RowSink {
  plc(name: string): PlcUse | undefined;
  /** The PLC of every row when the CSV has no PLC column and one PLC is given. */
  onlyPlc?: PlcUse;
  /** Area id -> its name (the first text that named it). */
  areas: Map<string, string>;
}

export const DEFAULT_AREA = 'plant';

const LIMIT_LABEL: Readonly<Record<LimitType, [string, string]>> = {
  LL: ['low-low', 'below'],
  L: ['low', 'below'],
  H: ['high', 'above'],
  HH: ['high-high', 'above'],
};
const DEFAULT_PRIORITY: Readonly<Record<LimitType, Priority>> = {
  LL: 'high',
  L: 'medium',
  H: 'medium',
  HH: 'high',
};
const LIMITS = ['LL', 'L', 'H', 'HH'] as const;
/** Columns holding numbers (a decimal comma is read in `;`-separated files). */
const NUMERIC = new Set<ColumnKey>(['scaling', 'range', 'writeLimits', ...LIMITS]);

/** An id for the plant file from free text: `Line 1` -> `line-1`. */
export function idOf(text: string): string {
  if (/^[A-Za-z0-9_.-]+$/.test(text)) return text;
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? DEFAULT_AREA : slug;
}

/** The tag of a row, or undefined when a cell it cannot do without is bad (every problem is reported). */
export function tagOfRow(row: Row, ctx: RowContext): Record<string, unknown> | undefined {
  let bad = false;
  const read = <T>(key: ColumnKey, parse: (text: string) => Parsed<T>): T | undefined => {
    const cell = row.text(key);
    if (cell === undefined) return undefined;
    const text = row.decimalComma && NUMERIC.has(key) ? cell.replace(/(\d),(\d)/g, '$1.$2') : cell;
    const r = parse(text);
    if (!r.ok) {
      ctx.problem(row, key, r.error);
      bad = true;
      return undefined;
    }
    if (r.warning !== undefined) ctx.warning(row, key, r.warning);
    return r.value;
  };
  const need = (key: ColumnKey, message: string) => {
    ctx.problem(row, key, message);
    bad = true;
  };

  const name = row.text('name');
  if (name === undefined) need('name', 'no tag name');
  const description = row.text('description') ?? name ?? '';
  const areaText = row.text('area') ?? DEFAULT_AREA;
  const area = idOf(areaText);
  if (!ctx.areas.has(area)) ctx.areas.set(area, areaText);

  const plcName = row.text('plc');
  const plc = plcName !== undefined ? ctx.plc(plcName) : row.has('plc') ? undefined : ctx.onlyPlc;
  if (plcName !== undefined && !plc)
    need(
      'plc',
      `PLC "${plcName}" has no connection: give --plc ${plcName}=<url> or a row in --plcs`,
    );
  const text = plc ? textOf(plc.protocol) : undefined;

  const address = plc
    ? read('address', (t) => text!.parseAddress(t, { settings: plc.settings }))
    : undefined;
  if (plc && row.text('address') === undefined)
    need('address', `a tag on ${plc.name} needs an address`);
  if (!plc && plcName === undefined && row.text('address') !== undefined)
    need('plc', 'an address without a PLC (leave both blank for a computed tag)');

  const table = address?.table;
  let dataType = read('dataType', parseDataType);
  if (dataType === undefined && row.text('dataType') === undefined) {
    if (table === 'coil' || table === 'discrete') dataType = 'bool';
    else need('dataType', 'no data type (bool, int16, uint16, int32, uint32, float32, float64)');
  }

  const order = read('order', parseOrder);
  if (order && plc) {
    if (!text?.orderKeys)
      need('order', `word order applies to Modbus PLCs, ${plc.name} is ${plc.protocol}`);
    else if (!plc.order)
      plc.order = { value: order, where: `${row.text('order')!} on line ${row.line}` };
    else if (
      plc.order.value.byteOrder !== order.byteOrder ||
      plc.order.value.wordOrder !== order.wordOrder
    )
      need('order', `${plc.name} reads ${plc.order.where}; a PLC has one word order`);
  }

  const scaling = read('scaling', parseScaling);
  const states = read('states', parseStates);
  // Without a range the loader takes [0, 1] for a bool, the states' span, else the data type's (and warns).
  const range = read('range', parseSpan) ?? scaling?.eu;

  const scan = plc ? (read('scan', parseScan) ?? parseScanDefault()) : undefined;
  if (plc && scan) plc.scans.set(scan.name, scan.periodMs);
  if (plc) plc.areas.add(area);

  const writable = read('writable', parseYesNo) ?? false;
  const limits = read('writeLimits', parseSpan);
  if (limits && !writable) need('writeLimits', 'write limits on a tag that is not writable');

  const alarms: Record<string, unknown> = {};
  for (const type of LIMITS) {
    const l = read(type, parseLimit);
    if (!l) continue;
    const [label, dir] = LIMIT_LABEL[type];
    const unit = row.text('unit');
    alarms[type] = {
      limit: l.limit,
      priority: l.priority ?? DEFAULT_PRIORITY[type],
      cause: `${description} ${label} (${dir} ${l.limit}${unit ? ` ${unit}` : ''})`,
      consequence: `${description} is outside its normal range.`,
      action: `Check ${name ?? 'the tag'} and the process (imported limit: to be rationalized).`,
    };
  }

  if (bad || name === undefined || dataType === undefined) return undefined;
  return {
    name,
    description,
    area,
    unit: row.text('unit') ?? '',
    dataType: dataType satisfies DataType,
    ...(plc ? { plc: plc.name, address, scanClass: scan?.name } : { computed: true }),
    ...(scaling ? { scaling } : {}),
    ...(range ? { range } : {}),
    ...(states ? { states } : {}),
    ...(writable ? { writable: true } : {}),
    ...(limits ? { write: { min: limits[0], max: limits[1] } } : {}),
    ...(Object.keys(alarms).length > 0 ? { alarms } : {}),
  };
}

function parseScanDefault(): { name: string; periodMs: number } {
  const r = parseScan(DEFAULT_SCAN);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

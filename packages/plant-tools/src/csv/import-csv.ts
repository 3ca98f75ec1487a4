// A tag CSV and its PLCs as a plant-file document: every problem of every row at once, each at its line and column.
import type { PlantIssue } from '@zld/plant';
import type { Problem } from '../problem.js';
import { formatOrder, type RegisterOrder } from './cells.js';
import type { ColumnKey } from './columns.js';
import { COLUMNS, headerOf, readHeader, Row } from './columns.js';
import { readCsv } from './csv-text.js';
import type { PlcList } from './plc-list.js';
import { tagOfRow, type PlcUse, type RowContext } from './tag-row.js';

export interface CsvImportOptions {
  /** The tag CSV's text and its file name (for messages). */
  text: string;
  file: string;
  plcs: PlcList;
  plantId: string;
  plantName: string;
}

export interface CsvImport {
  /** The plant file as plain data, in the order the file is written. */
  doc: Record<string, unknown>;
  problems: Problem[];
  warnings: Problem[];
  /** Where a loader issue about the generated file stands in the inputs. */
  locate(issue: PlantIssue): Problem;
}

/** Response times by priority, for alarms that do not set their own (the plant file's `alarmDefaults`). */
const ALARM_DEFAULTS = {
  class: 'process',
  approver: 'not yet reviewed',
  rationale: 'Limits imported from a tag list; to be rationalized.',
  responseTimeS: { critical: 60, high: 300, medium: 900, low: 1800 },
};

/** Tag fields and the CSV column each comes from (loader issues point at that cell). */
const FIELD_COLUMN: Readonly<Record<string, ColumnKey>> = {
  name: 'name',
  description: 'description',
  area: 'area',
  unit: 'unit',
  plc: 'plc',
  address: 'address',
  dataType: 'dataType',
  scaling: 'scaling',
  range: 'range',
  scanClass: 'scan',
  states: 'states',
  writable: 'writable',
  write: 'writeLimits',
};

export function csvToPlant(o: CsvImportOptions): CsvImport {
  const problems: Problem[] = [...o.plcs.problems];
  const warnings: Problem[] = [];
  const csv = readCsv(o.text);
  problems.push(...csv.issues.map((i) => ({ file: o.file, ...i })));
  const [head, ...records] = csv.records;
  const doc: Record<string, unknown> = {};
  const tagLines: number[] = [];
  const locateNothing = (issue: PlantIssue): Problem => ({ file: o.file, message: issue.message });
  if (!head) {
    problems.push({ file: o.file, message: 'the file is empty (a header row, then a tag a row)' });
    return { doc, problems, warnings, locate: locateNothing };
  }
  const header = readHeader(head);
  problems.push(...header.issues.map((i) => ({ file: o.file, line: head.line, ...i })));

  const uses = new Map<string, PlcUse>(
    o.plcs.plcs.map((p) => [
      p.name,
      {
        name: p.name,
        protocol: p.protocol,
        settings: { ...p.settings },
        scans: new Map(),
        areas: new Set(),
        ...(p.settings.wordOrder !== undefined || p.settings.byteOrder !== undefined
          ? {
              order: {
                value: orderOf(p.settings),
                where: `${formatOrder(orderOf(p.settings))} (its URL)`,
              },
            }
          : {}),
      },
    ]),
  );
  const at = (row: Row, key: ColumnKey, message: string): Problem => ({
    file: o.file,
    line: row.line,
    column: row.column(key),
    field: headerOf(key),
    message,
  });
  const ctx: RowContext = {
    plc: (name) => uses.get(name),
    ...(header.index.plc === undefined && uses.size === 1
      ? { onlyPlc: [...uses.values()][0]! }
      : {}),
    areas: new Map(),
    problem: (row, key, message) => problems.push(at(row, key, message)),
    warning: (row, key, message) => warnings.push(at(row, key, message)),
  };
  if (header.index.plc === undefined && uses.size > 1)
    problems.push({
      file: o.file,
      line: head.line,
      message: `no PLC column, and ${uses.size} PLCs are given: say which PLC each tag is on`,
    });

  const tags: Record<string, unknown>[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    const row = new Row(record, header, csv.delimiter === ';');
    const tag = tagOfRow(row, ctx);
    const name = row.text('name');
    if (name !== undefined) {
      const first = firstLine.get(name);
      if (first !== undefined) ctx.problem(row, 'name', `tag ${name} is already on line ${first}`);
      else firstLine.set(name, row.line);
    }
    if (tag) {
      tags.push(tag);
      tagLines.push(row.line);
    }
  }
  if (records.length === 0)
    problems.push({ file: o.file, line: head.line, message: 'no tag rows' });

  const used = [...uses.values()].filter((u) => u.scans.size > 0);
  for (const p of o.plcs.plcs)
    if (!used.some((u) => u.name === p.name))
      warnings.push({
        file: p.file,
        ...(p.line !== undefined ? { line: p.line } : {}),
        message: `PLC ${p.name} has no tags; left out`,
      });
  const hasAlarms = tags.some((t) => t.alarms !== undefined);
  Object.assign(doc, {
    plant: { id: o.plantId, name: o.plantName, version: '1' },
    ...(hasAlarms ? { alarmDefaults: ALARM_DEFAULTS } : {}),
    plcs: used.map((u) => plcEntry(u, o.plcs.plcs.find((p) => p.name === u.name)?.description)),
    areas: [...ctx.areas].map(([id, name]) => ({ id, name })),
    tags,
  });

  const locate = (issue: PlantIssue): Problem => {
    const [list, index, field, sub] = issue.path;
    if (list === 'tags' && typeof index === 'number' && tagLines[index] !== undefined) {
      const key =
        field === 'alarms' && typeof sub === 'string' && COLUMNS.some((c) => c.key === sub)
          ? (sub as ColumnKey)
          : typeof field === 'string'
            ? FIELD_COLUMN[field]
            : undefined;
      return {
        file: o.file,
        line: tagLines[index],
        ...(key !== undefined
          ? { column: (header.index[key] ?? 0) + 1, field: headerOf(key) }
          : {}),
        message: issue.message,
      };
    }
    if (list === 'plcs' && typeof index === 'number') {
      const name = used[index]?.name;
      const src = o.plcs.plcs.find((p) => p.name === name);
      if (src)
        return {
          file: src.file,
          ...(src.line !== undefined ? { line: src.line } : {}),
          field: `PLC ${src.name}, ${issue.where}`,
          message: issue.message,
        };
    }
    return {
      file: `${o.file} (the plant file made of it)`,
      field: issue.where,
      message: issue.message,
    };
  };
  return { doc, problems, warnings, locate };
}

function orderOf(s: Record<string, unknown>): RegisterOrder {
  return {
    byteOrder: s.byteOrder === 'little' ? 'little' : 'big',
    wordOrder: s.wordOrder === 'little' ? 'little' : 'big',
  };
}

function plcEntry(u: PlcUse, description: string | undefined): Record<string, unknown> {
  const settings = { ...u.settings, ...(u.order?.value ?? {}) };
  return {
    id: u.name,
    description: description ?? `${u.name} (${u.protocol})`,
    areas: [...u.areas],
    scanClasses: Object.fromEntries([...u.scans].map(([name, periodMs]) => [name, { periodMs }])),
    protocol: u.protocol,
    [u.protocol]: settings,
  };
}

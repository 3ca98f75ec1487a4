// The columns of the tag CSV: their headers (and the other names engineers give them), found in a header row.
import type { Cell, CsvRecord } from './csv-text.js';

export const COLUMNS = [
  { key: 'name', header: 'name', aliases: ['tag', 'tag name'] },
  { key: 'description', header: 'description', aliases: ['desc', 'comment'] },
  { key: 'area', header: 'area', aliases: [] },
  { key: 'unit', header: 'unit', aliases: ['units', 'eu', 'engineering units'] },
  { key: 'plc', header: 'PLC', aliases: ['device', 'controller'] },
  { key: 'address', header: 'address', aliases: ['register', 'node id', 'node'] },
  { key: 'dataType', header: 'data type', aliases: ['type'] },
  { key: 'order', header: 'word order', aliases: ['byte order', 'order'] },
  { key: 'scaling', header: 'scaling', aliases: [] },
  { key: 'range', header: 'range', aliases: ['eu range'] },
  { key: 'scan', header: 'scan', aliases: ['scan class', 'scan rate'] },
  { key: 'states', header: 'states', aliases: ['state labels'] },
  { key: 'writable', header: 'writable', aliases: ['write'] },
  { key: 'writeLimits', header: 'write limits', aliases: [] },
  { key: 'LL', header: 'LL', aliases: ['lolo'] },
  { key: 'L', header: 'L', aliases: ['lo'] },
  { key: 'H', header: 'H', aliases: ['hi'] },
  { key: 'HH', header: 'HH', aliases: ['hihi'] },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** The header of a column, for messages. */
export function headerOf(key: ColumnKey): string {
  return COLUMNS.find((c) => c.key === key)?.header ?? key;
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Where each known column stands, and what is wrong with the header row. */
export interface Header {
  index: Partial<Record<ColumnKey, number>>;
  issues: { column: number; message: string }[];
}

export function readHeader(record: CsvRecord): Header {
  const index: Partial<Record<ColumnKey, number>> = {};
  const issues: Header['issues'] = [];
  record.cells.forEach((cell, i) => {
    const h = norm(cell.text);
    if (h === '') return;
    const col = COLUMNS.find((c) => norm(c.header) === h || c.aliases.some((a) => norm(a) === h));
    if (!col) {
      issues.push({
        column: i + 1,
        message: `unknown column "${cell.text.trim()}" (columns: ${COLUMNS.map((c) => c.header).join(', ')})`,
      });
      return;
    }
    const first = index[col.key];
    if (first !== undefined)
      issues.push({
        column: i + 1,
        message: `column "${col.header}" is given twice (also column ${first + 1})`,
      });
    else index[col.key] = i;
  });
  if (index.name === undefined) issues.push({ column: 1, message: 'no "name" column' });
  return { index, issues };
}

/** A data row seen through the header: a cell by column key (blank cells read as undefined). */
export class Row {
  constructor(
    readonly record: CsvRecord,
    private readonly header: Header,
    /** The file separates cells with `;`: numbers may be written with a decimal comma. */
    readonly decimalComma = false,
  ) {}

  get line(): number {
    return this.record.line;
  }

  cell(key: ColumnKey): Cell | undefined {
    const i = this.header.index[key];
    if (i === undefined) return undefined;
    const c = this.record.cells[i];
    return c && c.text.trim() !== '' ? c : undefined;
  }

  text(key: ColumnKey): string | undefined {
    return this.cell(key)?.text.trim();
  }

  /** The 1-based column of a key (where a missing cell would stand). */
  column(key: ColumnKey): number {
    return (this.header.index[key] ?? 0) + 1;
  }

  has(key: ColumnKey): boolean {
    return this.header.index[key] !== undefined;
  }
}

// CSV text in and out (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes), each cell with its line and column.

/** One cell as read: its text and where it stands (1-based line of the file, 1-based column). */
export interface Cell {
  text: string;
  line: number;
  column: number;
}

/** A record: its cells in order, and the line it starts on. */
export interface CsvRecord {
  line: number;
  cells: Cell[];
}

/** A problem of the text itself (an unclosed quote, text after a closing quote). */
export interface CsvSyntaxIssue {
  line: number;
  column: number;
  message: string;
}

export interface CsvText {
  delimiter: ',' | ';';
  records: CsvRecord[];
  issues: CsvSyntaxIssue[];
}

/**
 * Splits CSV text into records. The delimiter is `,` unless the first line has more `;` than `,`
 * (spreadsheets in locales with a decimal comma save with `;`). A byte-order mark is dropped; blank
 * lines are skipped.
 */
export function readCsv(input: string): CsvText {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  const records: CsvRecord[] = [];
  const issues: CsvSyntaxIssue[] = [];
  let line = 1;
  let i = 0;
  let cells: Cell[] = [];
  let recordLine = 1;
  const endRecord = () => {
    if (!(cells.length === 1 && cells[0]?.text.trim() === '')) {
      records.push({ line: recordLine, cells });
    }
    cells = [];
  };
  while (i <= text.length) {
    const cellLine = line;
    const column = cells.length + 1;
    if (cells.length === 0) recordLine = line;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (ch === '\n') line++;
        value += ch;
        i++;
      }
      if (!closed) {
        issues.push({ line: cellLine, column, message: 'a quoted cell is never closed' });
        cells.push({ text: value, line: cellLine, column });
        endRecord();
        break;
      }
      let rest = '';
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        rest += text[i];
        i++;
      }
      if (rest.trim() !== '')
        issues.push({ line, column, message: `text after the closing quote: "${rest.trim()}"` });
    } else {
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        value += text[i];
        i++;
      }
    }
    cells.push({ text: value, line: cellLine, column });
    if (i >= text.length) {
      endRecord();
      break;
    }
    if (text[i] === delimiter) {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    endRecord();
  }
  return { delimiter, records, issues };
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

/** One CSV line: cells quoted when they hold the delimiter, a quote, a line break or edge spaces. */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells
    .map((c) =>
      c.includes(delimiter) || /["\r\n]/.test(c) || c.trim() !== c
        ? `"${c.replace(/"/g, '""')}"`
        : c,
    )
    .join(delimiter);
}

/** A whole CSV file: the header, then the rows, each line ending in a line break. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => `${csvLine(r)}\n`).join('');
}

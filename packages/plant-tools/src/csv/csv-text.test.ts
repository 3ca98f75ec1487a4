import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from './csv-text.js';

const texts = (csv: ReturnType<typeof readCsv>) =>
  csv.records.map((r) => r.cells.map((c) => c.text));

describe('readCsv', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks, and knows each line', () => {
    const csv = readCsv('a,b,c\r\n1,"x, ""y""",3\n"two\nlines",5,6\n\n7,8,9');
    expect(csv.issues).toEqual([]);
    expect(texts(csv)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['two\nlines', '5', '6'],
      ['7', '8', '9'],
    ]);
    expect(csv.records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
    expect(csv.records[2]!.cells[1]).toEqual({ text: '5', line: 4, column: 2 });
  });

  it('takes ";" as the delimiter when the header has more of them, and drops a byte-order mark', () => {
    const csv = readCsv('\uFEFFname;range\nFT-1;0,5..10');
    expect(csv.delimiter).toBe(';');
    expect(texts(csv)).toEqual([
      ['name', 'range'],
      ['FT-1', '0,5..10'],
    ]);
  });

  it('reports an unclosed quote and text after a closing quote where they are', () => {
    const csv = readCsv('a,b\n"x"y,2\n3,"open\n');
    expect(csv.issues).toEqual([
      { line: 2, column: 1, message: 'text after the closing quote: "y"' },
      { line: 3, column: 2, message: 'a quoted cell is never closed' },
    ]);
  });

  it('writes what it reads back', () => {
    const rows = [['a,b', ' pad', 'q"uote', 'line\nbreak', '']];
    const text = writeCsv(['h1', 'h2', 'h3', 'h4', 'h5'], rows);
    expect(texts(readCsv(text)).slice(1)).toEqual(rows);
  });
});

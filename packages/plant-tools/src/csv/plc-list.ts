// The PLCs a tag CSV names: `--plc NAME=URL` flags and a PLC CSV (columns: plc, url, description).
import { textOf, parseConnection, type Settings } from '../protocol-text/index.js';
import type { Problem } from '../problem.js';
import { readCsv } from './csv-text.js';

export interface PlcConnection {
  name: string;
  protocol: string;
  settings: Settings;
  description?: string;
  /** Where it was given, for messages. */
  file: string;
  line?: number;
}

export interface PlcList {
  plcs: PlcConnection[];
  problems: Problem[];
}

/** `PLC-1=modbus://10.0.0.5:502?unit=1`, each flag one PLC. */
export function plcsFromFlags(flags: readonly string[]): PlcList {
  const out: PlcList = { plcs: [], problems: [] };
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (name === '' || /:\/\//.test(name)) {
      out.problems.push({
        file: '--plc',
        message: `"${flag}" is not NAME=URL (PLC-1=modbus://10.0.0.5:502)`,
      });
      continue;
    }
    add(out, name, flag.slice(eq + 1), { file: '--plc' });
  }
  return out;
}

/** A PLC CSV: a header row with `plc` and `url` (and `description`), one PLC a row. */
export function plcsFromCsv(text: string, file: string): PlcList {
  const out: PlcList = { plcs: [], problems: [] };
  const csv = readCsv(text);
  out.problems.push(...csv.issues.map((i) => ({ file, ...i })));
  const [head, ...rows] = csv.records;
  if (!head) {
    out.problems.push({ file, message: 'the file is empty (a header row: plc,url,description)' });
    return out;
  }
  const col = (name: string) => head.cells.findIndex((c) => c.text.trim().toLowerCase() === name);
  const [iPlc, iUrl, iDesc] = [col('plc'), col('url'), col('description')];
  head.cells.forEach((c, i) => {
    if (![iPlc, iUrl, iDesc].includes(i) && c.text.trim() !== '')
      out.problems.push({
        file,
        line: head.line,
        column: i + 1,
        message: `unknown column "${c.text.trim()}" (plc, url, description)`,
      });
  });
  if (iPlc < 0 || iUrl < 0) {
    out.problems.push({
      file,
      line: head.line,
      message: 'the header needs the columns plc and url',
    });
    return out;
  }
  for (const r of rows) {
    const cell = (i: number) => (i < 0 ? '' : (r.cells[i]?.text.trim() ?? ''));
    if (cell(iPlc) === '') {
      out.problems.push({
        file,
        line: r.line,
        column: iPlc + 1,
        field: 'plc',
        message: 'no PLC name',
      });
      continue;
    }
    add(out, cell(iPlc), cell(iUrl), {
      file,
      line: r.line,
      column: iUrl + 1,
      ...(cell(iDesc) !== '' ? { description: cell(iDesc) } : {}),
    });
  }
  return out;
}

function add(
  out: PlcList,
  name: string,
  url: string,
  at: { file: string; line?: number; column?: number; description?: string },
): void {
  const { column, description, ...where } = at;
  const conn = parseConnection(url);
  if (!conn.ok) {
    out.problems.push({
      ...where,
      ...(column !== undefined ? { column } : {}),
      field: 'url',
      message: `${name}: ${conn.error}`,
    });
    return;
  }
  const twice = out.plcs.find((p) => p.name === name);
  if (twice) {
    out.problems.push({
      ...where,
      message: `PLC ${name} is given twice (also ${twice.file}${twice.line !== undefined ? `:${twice.line}` : ''})`,
    });
    return;
  }
  out.plcs.push({
    name,
    ...conn.value,
    ...(description !== undefined ? { description } : {}),
    ...where,
  });
}

/** Both lists as one: a flag gives a PLC the file gives too. */
export function mergePlcLists(file: PlcList, flags: PlcList): PlcList {
  const names = new Set(flags.plcs.map((p) => p.name));
  return {
    plcs: [...file.plcs.filter((p) => !names.has(p.name)), ...flags.plcs],
    problems: [...file.problems, ...flags.problems],
  };
}

/** The URL of a PLC of the plant file (for the PLC CSV that export writes). */
export function connectionUrl(protocol: string, settings: Settings): string | undefined {
  return textOf(protocol)?.formatUrl(settings);
}

// `import-csv <tags.csv>`: a tag list and its PLCs into a plant file, written only when the loader accepts it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { idOf } from '../csv/tag-row.js';
import { csvToPlant } from '../csv/import-csv.js';
import { mergePlcLists, plcsFromCsv, plcsFromFlags, type PlcList } from '../csv/plc-list.js';
import { loaderVerdict, plantYaml, saveFile, warningLines } from '../plant-output.js';
import { formatProblem, type Problem } from '../problem.js';
import { EXIT, pathIn, UsageError, type CliIo, type Command } from './command.js';

export const importCsvCommand: Command = {
  name: 'import-csv',
  synopsis:
    'import-csv <tags.csv> [-o plant.yaml] [--plcs plcs.csv] [--plc NAME=URL]... [--id ID] [--name NAME] [--force]',
  help: [
    'Makes a plant file of a tag CSV (columns in the README). The PLCs come from --plcs (a CSV: plc,url,description;',
    'default <tags>.plcs.csv beside the CSV, as export-csv writes it)',
    'and/or --plc NAME=URL flags, e.g. --plc PLC-1=modbus://10.0.0.5:502?unit=1 or --plc OPC=opc.tcp://10.0.0.6:4840.',
    'Every problem is printed with its line and column; nothing is written unless the plant file loads.',
    'Without -o the plant file goes to standard output. An existing file is replaced only with --force.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        plcs: { type: 'string' },
        plc: { type: 'string', multiple: true },
        id: { type: 'string' },
        name: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const [file, ...more] = positionals;
    if (file === undefined || more.length > 0)
      throw new UsageError('import-csv takes one CSV file');
    const text = readFileSync(pathIn(io, file), 'utf8');
    const beside = join(dirname(file), `${basename(file, extname(file))}.plcs.csv`);
    const plcsFile = values.plcs ?? (existsSync(pathIn(io, beside)) ? beside : undefined);
    if (plcsFile !== undefined && values.plcs === undefined)
      io.err(`PLCs from ${plcsFile} (beside the CSV)\n`);
    const fromFile: PlcList = plcsFile
      ? plcsFromCsv(readFileSync(pathIn(io, plcsFile), 'utf8'), plcsFile)
      : { plcs: [], problems: [] };
    const plcs = mergePlcLists(fromFile, plcsFromFlags(values.plc ?? []));
    if (plcs.plcs.length === 0 && plcs.problems.length === 0)
      io.err('no PLCs given (--plcs or --plc): every tag with a PLC will be refused\n');
    const stem = basename(file, extname(file));
    const result = csvToPlant({
      text,
      file,
      plcs,
      plantId: values.id ?? idOf(stem),
      plantName: values.name ?? stem,
    });
    report(io, 'warning', result.warnings);
    if (result.problems.length > 0) {
      report(io, 'error', result.problems);
      io.err(`nothing written: ${count(result.problems.length, 'problem')} in the input\n`);
      return EXIT.problems;
    }
    const yaml = plantYaml(
      result.doc,
      `Made by "npm run plant -- import-csv" of ${basename(file)}.`,
    );
    const verdict = loaderVerdict(yaml, values.output ?? 'the plant file');
    const issues = verdict.errors;
    if (issues.length > 0) {
      report(io, 'error', issues.map(result.locate));
      io.err(
        `nothing written: the plant file made of it would not load (${count(issues.length, 'problem')})\n`,
      );
      return EXIT.problems;
    }
    const warnings = verdict.warnings
      .map(result.locate)
      .map((p) => formatProblem({ ...p, message: `warning: ${p.message}` }));
    io.err(warningLines(warnings, values.output ?? '<the plant file>'));
    const tags = (result.doc.tags as unknown[]).length;
    const plcCount = (result.doc.plcs as unknown[]).length;
    if (values.output === undefined) io.out(yaml);
    else {
      saveFile(pathIn(io, values.output), yaml, values.force);
      io.err(`wrote ${values.output}: ${count(tags, 'tag')} on ${count(plcCount, 'PLC')}\n`);
    }
    return EXIT.ok;
  },
};

function report(io: CliIo, kind: 'error' | 'warning', problems: readonly Problem[]): void {
  for (const p of problems)
    io.err(
      `  ${formatProblem(kind === 'warning' ? { ...p, message: `warning: ${p.message}` } : p)}\n`,
    );
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

// `export-csv <plant.yaml>`: the plant's tags as the tag CSV, its PLCs as the PLC CSV beside it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PlantDefinitionError } from '@zld/plant';
import { parsePlantText } from '@zld/protocols';
import { plantToCsv } from '../csv/export-csv.js';
import { saveFile } from '../plant-output.js';
import { EXIT, pathIn, UsageError, type Command } from './command.js';

export const exportCsvCommand: Command = {
  name: 'export-csv',
  synopsis: 'export-csv <plant.yaml> [-o tags.csv] [--plcs plcs.csv] [--force]',
  help: [
    'Writes the tags of a plant file as the CSV import-csv reads, and its PLCs as a PLC CSV',
    '(--plcs, default <tags>.plcs.csv beside -o). Without -o the tag CSV goes to standard output.',
    'What the CSV does not carry (equipment, loops, interlocks, alarm texts...) is listed, not lost from the plant file.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        plcs: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const [file, ...more] = positionals;
    if (file === undefined || more.length > 0)
      throw new UsageError('export-csv takes one plant file');
    let csv;
    try {
      csv = plantToCsv(parsePlantText(readFileSync(pathIn(io, file), 'utf8'), { source: file }));
    } catch (err) {
      if (!(err instanceof PlantDefinitionError)) throw err;
      io.err(`${err.message}\n(npm run plant -- check ${file} lists the same)\n`);
      return EXIT.problems;
    }
    const plcsFile =
      values.plcs ??
      (values.output !== undefined
        ? join(
            dirname(values.output),
            `${basename(values.output, extname(values.output))}.plcs.csv`,
          )
        : undefined);
    const targets = [values.output, plcsFile].filter((f): f is string => f !== undefined);
    const taken = values.force ? [] : targets.filter((f) => existsSync(pathIn(io, f)));
    if (taken.length > 0) {
      io.err(
        `${taken.join(' and ')} exist${taken.length === 1 ? 's' : ''}; add --force to replace (nothing written)\n`,
      );
      return EXIT.usage;
    }
    if (values.output === undefined) io.out(csv.tags);
    else saveFile(pathIn(io, values.output), csv.tags, values.force);
    if (plcsFile !== undefined) saveFile(pathIn(io, plcsFile), csv.plcs, values.force);
    io.err(
      `${values.output !== undefined ? `wrote ${values.output}` : 'tags written'}` +
        `${plcsFile !== undefined ? ` and ${plcsFile}` : ' (--plcs <file> saves the PLC connections)'}\n`,
    );
    if (csv.leftOut.length > 0)
      io.err(
        `not in the CSV (kept in ${file} only):\n${csv.leftOut.map((l) => `  - ${l}\n`).join('')}`,
      );
    return EXIT.ok;
  },
};

// `check <file>`: loads a plant file with every protocol and prints every problem at once.
import { readFileSync } from 'node:fs';
import { PlantDefinitionError, type Plant, type PlantIssue } from '@zld/plant';
import { parsePlantText } from '@zld/protocols';
import { formatProblem } from '../problem.js';
import { EXIT, pathIn, UsageError, type Command } from './command.js';

export const checkCommand: Command = {
  name: 'check',
  synopsis: 'check <plant.yaml>',
  help: 'Loads the plant file as the gateway does and prints every problem at once, with its line.\nExit code 1 when there are errors.',
  async run(args, io) {
    const [file, ...more] = args;
    if (file === undefined || more.length > 0 || file.startsWith('-'))
      throw new UsageError('check takes one plant file');
    const text = readFileSync(pathIn(io, file), 'utf8');
    let plant: Plant;
    try {
      plant = parsePlantText(text, { source: file });
    } catch (err) {
      if (!(err instanceof PlantDefinitionError)) throw err;
      io.err(`${file}: ${err.issues.length} error${err.issues.length === 1 ? '' : 's'}\n`);
      for (const i of err.issues) io.err(`  ${line(file, i, 'error')}\n`);
      return EXIT.problems;
    }
    const warnings = plant.warnings;
    for (const w of warnings) io.err(`  ${line(file, w, 'warning')}\n`);
    const computed = plant.tags.filter((t) => t.computed).length;
    io.out(
      `${file}: loads. ${plant.plcs.length} PLC${plant.plcs.length === 1 ? '' : 's'}, ` +
        `${plant.tags.length} tags (${computed} computed), ${plant.alarms.length} alarms` +
        `${warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`,
    );
    return EXIT.ok;
  },
};

function line(file: string, i: PlantIssue, kind: 'error' | 'warning'): string {
  return formatProblem({
    file,
    ...(i.line !== undefined ? { line: i.line } : {}),
    field: i.where,
    message: kind === 'warning' ? `warning: ${i.message}` : i.message,
  });
}

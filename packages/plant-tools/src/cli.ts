// `npm run plant -- <command>`: the commands by name, their usage, and the exit code of one run.
import { browseCommand } from './commands/browse.js';
import { checkCommand } from './commands/check.js';
import { EXIT, UsageError, type CliIo, type Command } from './commands/command.js';
import { exportCsvCommand } from './commands/export-csv.js';
import { importCsvCommand } from './commands/import-csv.js';

export const COMMANDS: readonly Command[] = [
  checkCommand,
  importCsvCommand,
  exportCsvCommand,
  browseCommand,
];

export function usage(): string {
  return [
    'Usage: npm run plant -- <command> ...',
    '',
    ...COMMANDS.flatMap((c) => [
      `  ${c.synopsis}`,
      ...c.help.split('\n').map((l) => `      ${l}`),
      '',
    ]),
  ].join('\n');
}

/** Runs one command line; answers the exit code (problems and usage go to `io.err`). */
export async function runPlantCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n\n${usage()}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: npm run plant -- ${command.synopsis}\n${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run([...rest], io);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e.message}\nUsage: npm run plant -- ${command.synopsis}\n`);
      return EXIT.usage;
    }
    if (
      e.code === 'ENOENT' ||
      e.code === 'EACCES' ||
      e.code === 'EISDIR' ||
      /exists; add --force/.test(e.message)
    ) {
      io.err(`${e.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

// What a command of `npm run plant` is: a name, its usage, and a run that answers the exit code.
import { isAbsolute, resolve } from 'node:path';

export interface CliIo {
  /** Standard output: the result (YAML, CSV) when no output file is given. */
  out(text: string): void;
  /** Standard error: problems, warnings, what was written. */
  err(text: string): void;
  /** The directory relative paths are taken from. */
  cwd: string;
}

export interface Command {
  name: string;
  /** One line: the arguments. */
  synopsis: string;
  /** A few lines: what it does and its options. */
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 done, 1 the input has problems (all printed), 2 the command line or a file could not be used. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

export function pathIn(io: CliIo, file: string): string {
  return isAbsolute(file) ? file : resolve(io.cwd, file);
}

/** A command-line mistake: printed with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

// A problem found in an input file, with where it is: file, line and column, as people and editors read them.

export interface Problem {
  /** The file (or `--plc` for a flag). */
  file: string;
  line?: number;
  column?: number;
  /** The column's header or the field, for people. */
  field?: string;
  message: string;
}

/** `tags.csv:12:5 (address): message`. */
export function formatProblem(p: Problem): string {
  const at = [p.file, p.line, p.line !== undefined ? p.column : undefined]
    .filter((x) => x !== undefined)
    .join(':');
  return `${at}${p.field !== undefined ? ` (${p.field})` : ''}: ${p.message}`;
}

/** Thrown when an input has problems; carries every one of them. */
export class ProblemsError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    headline: string,
  ) {
    super(`${headline}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ProblemsError';
  }
}

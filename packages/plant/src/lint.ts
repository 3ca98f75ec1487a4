// What the loader warns about without refusing: names not in the ISA-5.1 form, analog tags without a range.
import { TAG_NAME } from './constants.js';
import type { ResolvedPlantFile } from './defaults.js';
import type { RawIssue } from './check-context.js';

/** Lint warnings of a file the schema accepted (before defaults are filled in). */
export function lintPlant(f: ResolvedPlantFile): RawIssue[] {
  const warnings: RawIssue[] = [];
  f.tags.forEach((t, i) => {
    if (!TAG_NAME.test(t.name))
      warnings.push({
        path: ['tags', i, 'name'],
        message: `"${t.name}" is not an ISA-5.1 tag name such as FT-001 or LIC-402.SP (kept as the PLC names it)`,
      });
    if (t.range === undefined && t.dataType !== 'bool' && t.states === undefined)
      warnings.push({
        path: ['tags', i],
        message: `no range: the span of ${t.dataType} is used; give the instrument span for bars and trends`,
      });
  });
  return warnings;
}

// @zld/plant-tools: the commands of `npm run plant` (import-csv, export-csv, browse, check) as functions.
export { runPlantCli, usage, COMMANDS } from './cli.js';
export type { CliIo, Command } from './commands/command.js';
export { csvToPlant } from './csv/import-csv.js';
export type { CsvImport, CsvImportOptions } from './csv/import-csv.js';
export { plantToCsv } from './csv/export-csv.js';
export type { CsvExport } from './csv/export-csv.js';
export { plcsFromCsv, plcsFromFlags, mergePlcLists } from './csv/plc-list.js';
export type { PlcConnection, PlcList } from './csv/plc-list.js';
export { readCsv, writeCsv } from './csv/csv-text.js';
export { COLUMNS } from './csv/columns.js';
export { loaderIssues, plantYaml } from './plant-output.js';
export { PROTOCOL_TEXTS, parseConnection, textOf } from './protocol-text/index.js';
export { formatProblem } from './problem.js';
export type { Problem } from './problem.js';

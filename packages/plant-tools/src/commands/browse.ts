// `browse opc.tcp://host:port`: an OPC UA server's variables into a plant file, written only when the loader accepts it.
import { parseArgs } from 'node:util';
import type { PlantIssue } from '@zld/plant';
import { isLoopbackEndpoint } from '@zld/protocols';
import { browsedPlant } from '../browse/browse-plant.js';
import { browseServer } from '../browse/browse-server.js';
import { idOf } from '../csv/tag-row.js';
import { loaderVerdict, plantYaml, saveFile, warningLines } from '../plant-output.js';
import { EXIT, pathIn, UsageError, type Command } from './command.js';

const DEFAULT_DEPTH = 6;

export const browseCommand: Command = {
  name: 'browse',
  synopsis:
    'browse opc.tcp://host:port [--depth N] [-o plant.yaml] [--namespace URI] [--plc ID] [--id ID] [--name NAME] [--insecure] [--force]',
  help: [
    `Walks the server's address space from Objects (--depth levels, default ${DEFAULT_DEPTH}) and writes its variables`,
    'into a plant file: one PLC, tags named from browse names, data types, EURange as the range, EngineeringUnits as the',
    'unit, areas from the folders, addresses as nsu=<namespace URI>;<identifier> NodeIds. --namespace keeps only the',
    'variables of that namespace. Security None, to a loopback server only unless --insecure. Without -o the plant file',
    'goes to standard output; an existing file is replaced only with --force.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        depth: { type: 'string' },
        namespace: { type: 'string' },
        plc: { type: 'string' },
        id: { type: 'string' },
        name: { type: 'string' },
        insecure: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
    });
    const [url, ...more] = positionals;
    if (url === undefined || more.length > 0 || !/^opc\.tcp:\/\/[^\s/]+/.test(url))
      throw new UsageError('browse takes one opc.tcp:// URL');
    const depth = values.depth === undefined ? DEFAULT_DEPTH : Number(values.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > 50)
      throw new UsageError(`--depth must be a whole number from 1 to 50, not "${values.depth}"`);
    if (!values.insecure && !isLoopbackEndpoint(url))
      throw new UsageError(
        `${url} is not a loopback address: browsing uses security None, add --insecure to go ahead`,
      );
    let found;
    try {
      found = await browseServer(url, {
        depth,
        ...(values.namespace !== undefined ? { namespaceUri: values.namespace } : {}),
      });
    } catch (err) {
      io.err(`cannot browse ${url}: ${(err as Error).message.split('\n')[0]}\n`);
      return EXIT.usage;
    }
    const server = found.applicationName ?? url;
    const { doc, notes } = browsedPlant(found.variables, {
      endpointUrl: url,
      plcId: values.plc ?? 'PLC-1',
      plantId: values.id ?? idOf(server),
      plantName: values.name ?? server,
      ...(values.namespace !== undefined ? { namespaceUri: values.namespace } : {}),
    });
    const tags = (doc.tags as unknown[]).length;
    for (const n of notes) io.err(`  note: ${n}\n`);
    if (tags === 0) {
      io.err(`no variables found within depth ${depth} of Objects; nothing written\n`);
      return EXIT.problems;
    }
    const yaml = plantYaml(doc, `Made by "npm run plant -- browse" of ${url} (${server}).`);
    const at = (i: PlantIssue) => `${i.where}${i.line !== undefined ? ` (line ${i.line})` : ''}`;
    const verdict = loaderVerdict(yaml, values.output ?? 'the plant file');
    const issues = verdict.errors;
    if (issues.length > 0) {
      for (const i of issues) io.err(`  ${at(i)}: ${i.message}\n`);
      io.err(`nothing written: the plant file made of the browse would not load\n`);
      return EXIT.problems;
    }
    io.err(
      warningLines(
        verdict.warnings.map((w) => `${at(w)}: warning: ${w.message}`),
        values.output ?? '<the plant file>',
      ),
    );
    if (values.output === undefined) io.out(yaml);
    else {
      saveFile(pathIn(io, values.output), yaml, values.force);
      io.err(`wrote ${values.output}: ${tags} tags from ${url}\n`);
    }
    return EXIT.ok;
  },
};

// `browse opc.tcp://host:port`: placeholder until the walk lands.
import { EXIT, type Command } from './command.js';

export const browseCommand: Command = {
  name: 'browse',
  synopsis: 'browse opc.tcp://host:port [--depth N] [-o plant.yaml] [--namespace URI] [--force]',
  help: 'Walks an OPC UA server from Objects and writes its variables into a plant file.',
  async run(_args, io) {
    io.err('browse: not yet\n');
    return EXIT.usage;
  },
};

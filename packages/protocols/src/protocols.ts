// The one list of protocols. Adding a protocol: a new folder with its module, and one line here.
import {
  loadPlantFile,
  parsePlant,
  PILOT_PLANT_FILE,
  type ParseOptions,
  type Plant,
} from '@zld/plant';
import type { AnyProtocolModule } from './kernel/protocol-module.js';
import { ProtocolRegistry } from './kernel/registry.js';
import { loopback } from './loopback/index.js';
import { modbus } from './modbus/index.js';
import { opcua } from './opcua/index.js';

export const PROTOCOLS: readonly AnyProtocolModule[] = [modbus, opcua, loopback];

/** The registry of every protocol in the list. */
export const protocols = new ProtocolRegistry(PROTOCOLS);

/** Loads a plant file with every protocol checking its PLCs and addresses (what talks to PLCs uses this). */
export function loadPlant(file: string = PILOT_PLANT_FILE): Plant {
  return loadPlantFile(file, { protocols: PROTOCOLS });
}

/** Parses plant-file text with every protocol (see `loadPlant`). */
export function parsePlantText(text: string, options: Omit<ParseOptions, 'protocols'> = {}): Plant {
  return parsePlant(text, { ...options, protocols: PROTOCOLS });
}

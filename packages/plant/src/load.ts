// Reads a plant file from disk (Node only). The pilot plant ships in this package.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plant } from './model.js';
import { parsePlant, type ParseOptions } from './parse.js';

/** The path of the pilot plant definition that ships with this package. */
export const PILOT_PLANT_FILE = fileURLToPath(new URL('../plants/pilot.yaml', import.meta.url));

/**
 * Loads and validates a plant file; throws PlantDefinitionError listing every bad field. Give the
 * protocols (see `ParseOptions`) wherever the plant's PLCs will be reached.
 */
export function loadPlantFile(
  file: string = PILOT_PLANT_FILE,
  options: Omit<ParseOptions, 'source'> = {},
): Plant {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read plant file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parsePlant(text, { ...options, source: file });
}

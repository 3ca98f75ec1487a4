// The public names of @zld/scenarios: the scenario file, the headless engine, the player and the JUnit writer.
export { HeadlessPlant } from './headless-plant.js';
export type { HeadlessOptions } from './headless-plant.js';
export { loadScenario, parseScenario, ScenarioDefinitionError } from './parse.js';
export type { Scenario, ParseScenarioOptions } from './parse.js';
export { parseDurationS, formatPlantTime } from './duration.js';
export type { ScenarioFile, Step, Expectation } from './schema.js';

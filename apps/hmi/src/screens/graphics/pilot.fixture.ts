// The pilot plant's tag definitions as the gateway serves them (display fields), for tests of graphics and faceplates.
import type { TagDefinitionDto } from '@zld/api';
import { loadPlantFile, PILOT_PLANT_FILE, type Plant } from '@zld/plant';

export const pilot: Plant = loadPlantFile(PILOT_PLANT_FILE);

export function pilotDefinitions(): Map<string, TagDefinitionDto> {
  const out = new Map<string, TagDefinitionDto>();
  for (const t of pilot.tags) {
    const limits = Object.fromEntries(
      (['LL', 'L', 'H', 'HH'] as const)
        .filter((l) => t.alarms?.[l] !== undefined)
        .map((l) => [l, t.alarms![l]!.limit]),
    );
    out.set(t.name, {
      name: t.name,
      description: t.description,
      area: t.area,
      ...(t.equipment !== undefined ? { equipment: t.equipment } : {}),
      unit: t.unit,
      dataType: t.dataType,
      computed: t.computed,
      range: [t.range[0], t.range[1]],
      ...(t.normal !== undefined ? { normal: [t.normal[0], t.normal[1]] as [number, number] } : {}),
      deadband: t.deadband,
      decimals: t.decimals,
      ...(t.states !== undefined ? { states: t.states } : {}),
      writable: t.writable,
      ...(t.write !== undefined ? { write: { ...t.write } } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    });
  }
  return out;
}

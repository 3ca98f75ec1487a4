// Applies per-PLC endpoint overrides (`--plc PLC-100=127.0.0.1:15020`) to a plant, giving a new Plant.
import { buildPlant, type Plant } from '@zld/plant';
import { protocols as builtin, type EndpointOverride, type ProtocolRegistry } from '@zld/protocols';

/** Throws with every problem when an override names no PLC or does not fit its protocol. */
export function withEndpoints(
  plant: Plant,
  overrides: Readonly<Record<string, EndpointOverride>>,
  protocols: ProtocolRegistry = builtin,
): Plant {
  const ids = Object.keys(overrides);
  if (ids.length === 0) return plant;
  const problems = ids
    .filter((id) => !plant.plcById.has(id))
    .map(
      (id) => `--plc ${id}: the plant has no such PLC (${plant.plcs.map((p) => p.id).join(', ')})`,
    );
  const plcs = plant.file.plcs.map((plc) => {
    const o = overrides[plc.id];
    if (o === undefined) return plc;
    const moved = protocols.withEndpoint(plc, o);
    if (typeof moved === 'string') problems.push(`--plc ${plc.id}: ${moved}`);
    return typeof moved === 'string' ? plc : moved;
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return buildPlant({ ...plant.file, plcs });
}

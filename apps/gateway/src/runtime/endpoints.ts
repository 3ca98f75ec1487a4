// Applies per-PLC endpoint overrides (`--plc PLC-100=127.0.0.1:15020`) to a plant, giving a new Plant.
import { buildPlant } from '@zld/plant';
import type { Plant, PlcDef } from '@zld/plant';
import type { EndpointOverride } from '../config.js';

/** Throws with every problem when an override names no PLC or does not fit its protocol. */
export function withEndpoints(
  plant: Plant,
  overrides: Readonly<Record<string, EndpointOverride>>,
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
    const moved = override(plc, o);
    if (typeof moved === 'string') problems.push(moved);
    return typeof moved === 'string' ? plc : moved;
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return buildPlant({ ...plant.file, plcs });
}

function override(plc: PlcDef, o: EndpointOverride): PlcDef | string {
  if (plc.modbus) {
    if (!('host' in o)) return `--plc ${plc.id}: a Modbus PLC takes host:port, not a URL`;
    return { ...plc, modbus: { ...plc.modbus, host: o.host, port: o.port } };
  }
  if (plc.opcua) {
    const endpointUrl =
      'endpointUrl' in o
        ? o.endpointUrl
        : plc.opcua.endpointUrl.replace(/^opc\.tcp:\/\/[^/]+/, `opc.tcp://${o.host}:${o.port}`);
    return { ...plc, opcua: { ...plc.opcua, endpointUrl } };
  }
  return `--plc ${plc.id}: no endpoint to override`;
}

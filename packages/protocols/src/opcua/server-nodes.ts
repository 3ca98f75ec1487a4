// Builds an OPC UA PLC's address space from its NodeImage: folders per equipment, typed variables bound to cells.
import type { TagDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
import {
  DataType,
  DataValue,
  makeEUInformation,
  StatusCodes,
  Variant,
  type AddressSpace,
  type BindVariableOptions,
  type EUInformation,
  type Namespace,
  type StatusCode,
  type UAObject,
} from 'node-opcua';
import type { TagSource } from '../kernel/sim-server.js';
import { nodeRefOf } from './node-address.js';
import type { NodeCell, NodeImage } from './node-image.js';

const DATA_TYPES: Readonly<Record<TagDef['dataType'], DataType>> = {
  bool: DataType.Boolean,
  int16: DataType.Int16,
  uint16: DataType.UInt16,
  int32: DataType.Int32,
  uint32: DataType.UInt32,
  float32: DataType.Float,
  float64: DataType.Double,
};

/** UN/CEFACT Rec. 20 common codes of the units the plant files use; others get unitId -1 (none). */
const UNIT_CODES: Readonly<Record<string, string>> = {
  '%': 'P1',
  '°C': 'CEL',
  s: 'SEC',
  'L/h': 'E32',
  'kg/h': 'E93',
  'm3/h': 'MQH',
  kPa: 'KPA',
  'kPa(a)': 'KPA',
  kW: 'KWT',
  rpm: 'RPM',
  mm: 'MMT',
  'mm/s': 'C16',
  'g/L': 'GL',
  'mg/L': 'M1',
  'kg/L': 'B35',
  'µS/cm': 'G42',
  'wt%': '60',
};

function engineeringUnits(unit: string): EUInformation {
  const code = UNIT_CODES[unit];
  if (code) return makeEUInformation(code, unit, unit);
  const none = makeEUInformation('', unit, unit);
  none.unitId = -1;
  return none;
}

/** A quality name (`Uncertain_SensorNotAccurate`) as a node-opcua status code; project-only names by class. */
export function statusCodeOf(q: Quality): StatusCode {
  const code = (StatusCodes as unknown as Record<string, StatusCode | undefined>)[
    q.replace('_', '')
  ];
  if (code) return code;
  return q.startsWith('Bad')
    ? StatusCodes.Bad
    : q.startsWith('Uncertain')
      ? StatusCodes.Uncertain
      : StatusCodes.Good;
}

/** `{"0": "MAN", "1": "AUTO"}` as OPC UA enum values `{MAN: 0, AUTO: 1}`. */
function enumValues(states: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(states).map(([k, label]) => [label, Number(k)]));
}

export interface NodeBuildOptions {
  addressSpace: AddressSpace;
  namespaceUri: string;
  plcId: string;
  image: NodeImage;
  source: TagSource;
  /** Smallest sampling interval a client may ask for, ms. */
  minimumSamplingInterval?: number;
}

/**
 * Objects/<PLC>/<equipment folder>/<tag> (tags without a folder directly under <PLC>). A tag's node id is
 * `s=<address.node>` in the PLC's namespace, or its `nodeId`: `nsu=<uri>;…` in that namespace
 * (registered when it is not the PLC's own), `ns=<n>;…` only for the index the PLC's namespace gets.
 */
export function buildPlcNodes(o: NodeBuildOptions): void {
  const ns = o.addressSpace.registerNamespace(o.namespaceUri);
  const spaces = new Map<string, Namespace>([[o.namespaceUri, ns]]);
  const placed = o.image.cells.map((c) => placeNode(o, c, ns, spaces));
  const taken = new Set(placed.map((p) => `${p.ns.index};${p.id}`));
  const idFor = (name: string) => (taken.has(`${ns.index};s=${name}`) ? undefined : `s=${name}`);
  const root = ns.addFolder(o.addressSpace.rootFolder.objects, {
    browseName: o.plcId,
    nodeId: idFor(o.plcId),
  });
  const folders = new Map<string, UAObject>();
  const folderOf = (name: string | undefined): UAObject => {
    if (name === undefined) return root;
    let f = folders.get(name);
    if (!f) {
      f = ns.addFolder(root, { browseName: name, nodeId: idFor(`${o.plcId}/${name}`) });
      folders.set(name, f);
    }
    return f;
  };
  const units = new Map<string, EUInformation>();
  const unitsOf = (unit: string): EUInformation => {
    let u = units.get(unit);
    if (!u) units.set(unit, (u = engineeringUnits(unit)));
    return u;
  };

  o.image.cells.forEach((cell, i) => {
    const t = cell.tag;
    const { ns: space, id } = placed[i] as PlacedNode;
    const common = {
      organizedBy: folderOf(cell.address.folder),
      browseName: t.name,
      nodeId: id,
      description: t.description,
      accessLevel: t.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      userAccessLevel: t.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      minimumSamplingInterval: o.minimumSamplingInterval ?? 100,
      value: binding(cell, o.image, o.source),
    } as const;
    if (t.dataType === 'bool') {
      space.addTwoStateDiscrete({
        ...common,
        trueState: t.states?.['1'] ?? 'TRUE',
        falseState: t.states?.['0'] ?? 'FALSE',
      });
    } else if (t.states && t.dataType !== 'float32' && t.dataType !== 'float64') {
      space.addMultiStateValueDiscrete({
        ...common,
        dataType: DataType[DATA_TYPES[t.dataType]],
        enumValues: enumValues(t.states),
      });
    } else {
      space.addAnalogDataItem({
        ...common,
        dataType: DataType[DATA_TYPES[t.dataType]],
        engineeringUnitsRange: { low: t.range[0], high: t.range[1] },
        engineeringUnits: unitsOf(t.unit),
      });
    }
  });
}

interface PlacedNode {
  ns: Namespace;
  /** The identifier part: `s=…`, `i=…`, `g=…` or `b=…`. */
  id: string;
}

/** Where a cell's variable goes: its namespace and identifier. */
function placeNode(
  o: NodeBuildOptions,
  cell: NodeCell,
  own: Namespace,
  spaces: Map<string, Namespace>,
): PlacedNode {
  const ref = nodeRefOf(cell.address);
  if (ref.kind === 'plc') return { ns: own, id: ref.identifier };
  if (ref.kind === 'index') {
    if (ref.ns !== own.index)
      throw new Error(
        `${o.plcId}: ${cell.tag.name}: the simulator serves ns=${ref.ns} only as ns=${own.index} ` +
          `(its PLC namespace); write nsu=<uri>;… instead`,
      );
    return { ns: own, id: ref.identifier };
  }
  let space = spaces.get(ref.uri);
  if (!space) spaces.set(ref.uri, (space = o.addressSpace.registerNamespace(ref.uri)));
  return { ns: space, id: ref.identifier };
}

/**
 * Reads answer the cell's cached DataValue (rebuilt only after the cell changed); writes go to the plant:
 * BadOutOfRange outside the tag's range, BadInvalidState when the plant refuses the write as things stand.
 */
function binding(cell: NodeCell, image: NodeImage, source: TagSource): BindVariableOptions {
  const dataType = DATA_TYPES[cell.tag.dataType];
  let cached: DataValue | null = null;
  let version = -1;
  const timestamped_get = (): DataValue => {
    if (cached === null || version !== cell.version) {
      version = cell.version;
      cached = new DataValue({
        value: new Variant({ dataType, value: cell.value }),
        statusCode: statusCodeOf(cell.quality),
        sourceTimestamp: new Date(cell.sourceMs),
        serverTimestamp: new Date(),
      });
    }
    return cached;
  };
  if (!cell.tag.writable) return { timestamped_get };
  const timestamped_set = async (dv: DataValue): Promise<StatusCode> => {
    const raw: unknown = dv.value.value;
    const value = cell.tag.dataType === 'bool' ? raw === true : Number(raw);
    const [lo, hi] = cell.tag.range;
    if (typeof value === 'number' && !(value >= lo && value <= hi))
      return StatusCodes.BadOutOfRange;
    try {
      image.write(cell, value, source);
      return StatusCodes.Good;
    } catch {
      // The PLC refuses in its present state (an interlock, a setpoint of a loop in cascade, an output in AUTO).
      return StatusCodes.BadInvalidState;
    }
  };
  return { timestamped_get, timestamped_set };
}

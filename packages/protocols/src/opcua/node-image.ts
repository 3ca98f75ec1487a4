// An OPC UA PLC's node values, generated from the plant file and refreshed from the plant (protocol-free).
import type { PlcDef, TagDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
import type { TagScalar, TagSource } from '../kernel/sim-server.js';
import { opcuaAddressOf, opcuaSettingsOf, type OpcuaAddress } from './schema.js';

export interface NodeCell {
  readonly tag: TagDef;
  readonly address: OpcuaAddress;
  value: TagScalar;
  quality: Quality;
  /** Simulated time of the last change of value or quality (the source timestamp), epoch ms. */
  sourceMs: number;
  /** Bumped on every change, so a protocol layer can cache what it built from the cell. */
  version: number;
  /** False once the plant has refused to answer for this tag (reported once, then skipped). */
  live: boolean;
}

export class NodeImage {
  readonly plcId: string;
  readonly cells: readonly NodeCell[];
  private readonly onMissing: (tag: string, err: unknown) => void;

  constructor(
    plc: PlcDef,
    tags: readonly TagDef[],
    onMissing: (tag: string, err: unknown) => void = (tag, err) =>
      console.warn(`${plc.id}: the plant gives no value for ${tag}: ${String(err)}`),
  ) {
    opcuaSettingsOf(plc);
    this.plcId = plc.id;
    this.onMissing = onMissing;
    const cells: NodeCell[] = [];
    for (const t of tags) {
      if (t.plc !== plc.id || t.computed || t.address === undefined) continue;
      const initial = t.dataType === 'bool' ? false : 0;
      cells.push({
        tag: t,
        address: opcuaAddressOf(t),
        value: initial,
        quality: 'Bad_WaitingForInitialData',
        sourceMs: 0,
        version: 0,
        live: true,
      });
    }
    this.cells = cells;
  }

  /** Reads every cell from the plant; a cell whose value or quality changed takes the simulated time. */
  refresh(source: TagSource): void {
    const now = source.simTimeMs();
    for (const c of this.cells) if (c.live) this.load(c, source, now);
  }

  /** Applies a client write to the plant, then reads the cell back. Throws when the plant refuses. */
  write(cell: NodeCell, value: TagScalar, source: TagSource): void {
    try {
      source.write(cell.tag.name, value);
    } finally {
      this.load(cell, source, source.simTimeMs());
    }
  }

  private load(c: NodeCell, source: TagSource, now: number): void {
    let raw: TagScalar;
    let q: Quality;
    try {
      raw = source.read(c.tag.name);
      q = source.quality(c.tag.name);
    } catch (err) {
      c.live = false;
      this.onMissing(c.tag.name, err);
      return;
    }
    const v = normalise(c.tag.dataType, raw, c.value);
    if (v === c.value && q === c.quality) return;
    c.value = v;
    c.quality = q;
    c.sourceMs = now;
    c.version++;
  }
}

/**
 * A plant value in the node's data type: booleans for bits, floats as they are, integers rounded (an
 * integer has no NaN or infinity: the previous value stays).
 */
function normalise(type: TagDef['dataType'], v: TagScalar, previous: TagScalar): TagScalar {
  if (type === 'bool') return v === true || v === 1;
  const n = typeof v === 'number' ? v : v ? 1 : 0;
  if (type === 'float32') return Math.fround(n);
  if (type === 'float64') return n;
  return Number.isFinite(n) ? Math.round(n) : previous;
}

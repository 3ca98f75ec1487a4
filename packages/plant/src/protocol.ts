// The plant-file half of a protocol: the schema of its PLC settings block and tag addresses, and its own checks.
import type { z } from 'zod';
import type { IssuePath } from './issues.js';
import type { PlcDef, TagDef } from './schema.js';

/** A PLC tag with its address as the protocol parsed it. */
export interface AddressedTag<A = unknown> {
  tag: TagDef;
  /** Index of the tag in the file's `tags` list (for issue paths). */
  index: number;
  address: A;
}

/** What a protocol's `check` sees of one PLC: its parsed settings, its tags, and where to report. */
export interface ProtocolCheckContext<S = unknown, A = unknown> {
  plc: PlcDef;
  /** Index of the PLC in the file's `plcs` list. */
  plcIndex: number;
  settings: S;
  tags: readonly AddressedTag<A>[];
  /** Equipment and area ids (e.g. OPC UA folders must name one). */
  equipment: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  /** Reports a problem; `path` is from the file's root, e.g. `['tags', 12, 'address', 'address']`. */
  add(path: IssuePath, message: string): void;
}

/**
 * A protocol as the plant file knows it. A PLC names it (`protocol: modbus`) and carries its settings in a
 * block of the same name (`modbus: {host, port, ...}`); the PLC's tags carry addresses of its shape.
 */
export interface ProtocolDefinition<S = unknown, A = unknown> {
  /** The `protocol` value and the settings block's key: letters, digits and `-`. */
  readonly id: string;
  /** For people: `Modbus TCP`. */
  readonly title: string;
  /** The PLC settings block (defaults applied on parse). */
  readonly settings: z.ZodType<S>;
  /** A tag's `address` on a PLC of this protocol. */
  readonly address: z.ZodType<A>;
  /** Names the device a PLC reaches (two PLCs with the same key would be one device twice). */
  endpointKey(settings: S): string;
  /**
   * What several PLCs may share (a serial line carries several units) and the settings they must agree
   * on; undefined when the PLC shares nothing. Two PLCs with one key and different settings are refused.
   */
  sharedResource?(settings: S): { key: string; settings: string } | undefined;
  /** Cross-field checks the schemas cannot express (registers used twice, a bool in a register...). */
  check?(ctx: ProtocolCheckContext<S, A>): void;
}

/** Any protocol definition, as the loader holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list mixes protocols of different settings types
export type AnyProtocolDefinition = ProtocolDefinition<any, any>;

// The plant-file half of OPC UA: the PLC settings block, a tag's {node, folder}, and the node checks.
import type { PlcDef, ProtocolCheckContext, TagDef } from '@zld/plant';
import { z } from 'zod';
import type { DriverOptions } from '../kernel/driver.js';
import { parsedWith } from '../kernel/parsed.js';
import { REFUSED_POLICIES } from './security.js';
import { nodeKey, nodeRefOf, parseNodeId } from './node-address.js';

export const opcuaSettings = z
  .object({
    endpointUrl: z
      .string()
      .regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/\S*)?$/, 'must be an opc.tcp:// URL'),
    /** The namespace of tags addressed by `node`; may be left out when every tag gives a `nodeId`. */
    namespaceUri: z.string().min(1).optional(),
    securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
    securityPolicy: z
      .enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'], {
        error: (i) =>
          REFUSED_POLICIES.includes(String(i.input))
            ? `${String(i.input)} is deprecated (SHA-1) and refused; use Basic256Sha256 or better`
            : undefined,
      })
      .default('None'),
    timeoutMs: z.number().int().min(10).max(60_000).default(2000),
  })
  .strict();

export const opcuaAddress = z
  .object({
    /** String identifier of the node in the PLC's namespace (`namespaceUri`), e.g. "EV-500.TI-501". */
    node: z.string().min(1).optional(),
    /** Any NodeId as OPC UA writes it: `ns=3;i=1001`, `nsu=urn:plc;s=Line1.Temp`, `ns=2;g=<guid>`, `b=`. */
    nodeId: z
      .string()
      .superRefine((text, ctx) => {
        const ref = parseNodeId(text);
        if (typeof ref === 'string') ctx.addIssue({ code: 'custom', message: ref });
      })
      .optional(),
    /** The folder the simulator puts the node in: an equipment or area id (PLC's root folder if left out). */
    folder: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-" only')
      .optional(),
  })
  .strict()
  .refine((a) => (a.node === undefined) !== (a.nodeId === undefined), {
    message: 'give either node (a string id in the PLC namespace) or nodeId (any NodeId), not both',
  });

export type OpcuaPlcOptions = z.output<typeof opcuaSettings>;
export type OpcuaAddress = z.output<typeof opcuaAddress>;

/** The OPC UA driver's own options (`DriverOptions.protocolOptions.opcua`). */
export interface OpcuaDriverOptions {
  /** Trust a server certificate never seen before (tests only). */
  acceptUnknownCertificate?: boolean;
  /** Allow security mode None to a non-loopback endpoint (tests only). */
  allowInsecure?: boolean;
}

const settingsOf = parsedWith(opcuaSettings, 'OPC UA settings block');
const addressOf = parsedWith(opcuaAddress, 'OPC UA address');

export function opcuaSettingsOf(plc: PlcDef): OpcuaPlcOptions {
  if (plc.protocol !== 'opcua') throw new Error(`${plc.id}: not an OPC UA PLC`);
  return settingsOf(plc.settings, plc.id);
}

export function opcuaAddressOf(tag: TagDef): OpcuaAddress {
  return addressOf(tag.address, tag.name);
}

/** The driver's PKI folder and own options; throws naming the PLC when the PKI folder is missing. */
export function opcuaDriverOptions(
  plc: PlcDef,
  options: DriverOptions,
): OpcuaDriverOptions & { pkiDir: string } {
  if (!options.pkiDir)
    throw new Error(`${plc.id}: the OPC UA driver needs a PKI folder (options.pkiDir)`);
  const own = (options.protocolOptions?.opcua ?? {}) as OpcuaDriverOptions;
  return { ...own, pkiDir: options.pkiDir };
}

/** The port of an `opc.tcp://host:port/...` URL (4840 when it names none). */
export function portOfUrl(endpointUrl: string): number {
  const m = /^opc\.tcp:\/\/(?:\[[^\]]+\]|[^:/]+):(\d+)/.exec(endpointUrl);
  return m ? Number(m[1]) : 4840;
}

/**
 * Each node once per PLC; every folder names an equipment or an area; a tag addressed by `node` needs the
 * PLC's `namespaceUri`.
 */
export function checkOpcuaTags(ctx: ProtocolCheckContext<OpcuaPlcOptions, OpcuaAddress>): void {
  const nodes = new Map<string, string>();
  for (const { tag, index, address } of ctx.tags) {
    const key = nodeKey(nodeRefOf(address));
    const field = address.nodeId === undefined ? 'node' : 'nodeId';
    const other = nodes.get(key);
    if (other !== undefined)
      ctx.add(
        ['tags', index, 'address', field],
        `node "${address.nodeId ?? address.node}" is already used by ${other}`,
      );
    else nodes.set(key, tag.name);
    if (address.node !== undefined && ctx.settings.namespaceUri === undefined)
      ctx.add(
        ['tags', index, 'address', 'node'],
        `node "${address.node}" needs the PLC's namespaceUri (or give a full nodeId)`,
      );
    if (
      address.folder !== undefined &&
      !ctx.equipment.has(address.folder) &&
      !ctx.areas.has(address.folder)
    )
      ctx.add(
        ['tags', index, 'address', 'folder'],
        `folder "${address.folder}" is neither an equipment nor an area id`,
      );
  }
}

// The plant-file half of the loopback protocol: host and port of the device, and a tag's `key` on it.
import type { PlcDef, ProtocolCheckContext, TagDef } from '@zld/plant';
import { z } from 'zod';
import { parsedWith } from '../kernel/parsed.js';

export const loopbackSettings = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** An answer later than this is a timeout: every tag of the PLC turns Bad_CommunicationError. */
    timeoutMs: z.number().int().min(10).max(60_000).default(1000),
  })
  .strict();

export const loopbackAddress = z
  .object({
    /** The device's name for the value. */
    key: z.string().min(1).max(200),
  })
  .strict();

export type LoopbackSettings = z.output<typeof loopbackSettings>;
export type LoopbackAddress = z.output<typeof loopbackAddress>;

const settingsOf = parsedWith(loopbackSettings, 'loopback settings block');
const addressOf = parsedWith(loopbackAddress, 'loopback address');

export function loopbackSettingsOf(plc: PlcDef): LoopbackSettings {
  if (plc.protocol !== 'loopback') throw new Error(`${plc.id}: not a loopback PLC`);
  return settingsOf(plc.settings, plc.id);
}

export function loopbackKeyOf(tag: TagDef): string {
  return addressOf(tag.address, tag.name).key;
}

/** Each key once per PLC; no scaling (the device speaks engineering units). */
export function checkLoopbackTags(
  ctx: ProtocolCheckContext<LoopbackSettings, LoopbackAddress>,
): void {
  const keys = new Map<string, string>();
  for (const { tag, index, address } of ctx.tags) {
    const other = keys.get(address.key);
    if (other !== undefined)
      ctx.add(
        ['tags', index, 'address', 'key'],
        `key "${address.key}" is already used by ${other}`,
      );
    else keys.set(address.key, tag.name);
    if (tag.scaling)
      ctx.add(['tags', index, 'scaling'], 'a loopback device speaks engineering units: no scaling');
  }
}

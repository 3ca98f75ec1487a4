// Read-back of chosen Modbus tags: plans their blocks, reads them and decodes samples (no polling state).
import type { Quality } from '@zld/tags';
import type { ReadSample, SampleValue } from '../kernel/driver.js';
import { judgeValue, sampleValue, type TagPoint } from '../kernel/tag-point.js';
import { classifyModbusError, readExceptionRule } from './exceptions.js';
import { planBlocks, type ModbusBlock, type PlanLimits } from './planner.js';

export interface ReadBackContext {
  points: readonly TagPoint[];
  limits: PlanLimits;
  /** Sends one read request (ahead of queued polls). */
  send: (b: ModbusBlock) => Promise<{ buffer: Buffer }>;
  /** Last good value per point, for a busy device. */
  last: readonly SampleValue[];
  /** An exception answer was received (for the counters). */
  onException: (code: number) => void;
}

/**
 * Reads the points at `indices` straight from the device. Exception answers become the sample's quality
 * (section 3.5); a timeout or a lost link rejects, for the caller to map.
 */
export async function readBack(
  ctx: ReadBackContext,
  indices: readonly number[],
): Promise<ReadSample[]> {
  const points = indices.map((i) => ctx.points[i] as TagPoint);
  const out: ReadSample[] = points.map((p) => ({
    name: p.tag.name,
    value: null,
    quality: 'Bad_WaitingForInitialData',
    sourceTs: undefined,
  }));
  for (const b of planBlocks(
    points.map((p) => p.tag),
    ctx.limits,
  )) {
    let buffer: Buffer | undefined;
    let failure: Quality | undefined;
    let busy = false;
    try {
      buffer = (await ctx.send(b)).buffer;
    } catch (err) {
      const f = classifyModbusError(err);
      if (f.kind !== 'exception') throw err;
      ctx.onException(f.code);
      const rule = readExceptionRule(f.code);
      failure = rule.quality;
      busy = rule.action === 'busy';
    }
    for (const it of b.items) {
      const s = out[it.tag] as ReadSample;
      if (buffer) {
        const p = points[it.tag] as TagPoint;
        const v = decodeAt(p, buffer, it.offset);
        s.quality = v === undefined ? UNDECODABLE : judgeValue(p, v);
        s.value = v === undefined ? null : sampleValue(p, v, s.quality);
      } else if (busy) {
        Object.assign(s, lastUsable(ctx.last[indices[it.tag] ?? -1] ?? null));
      } else {
        s.quality = failure ?? 'Bad';
      }
    }
  }
  return out;
}

/** The quality of a tag an answer is too short to hold: the device answered less than it was asked. */
export const UNDECODABLE: Quality = 'Bad_DeviceFailure';

/** The likely cause of a Modbus value that cannot be right, for the log. */
export function hint(p: TagPoint): string {
  return p.codec.width > 1
    ? 'check word order or scaling'
    : 'check byte order, scaling or the address';
}

/** Point `p`'s value at `offset` of a read answer, or undefined when the answer is too short for it. */
export function decodeAt(
  p: TagPoint,
  buffer: Buffer,
  offset: number,
): number | boolean | undefined {
  try {
    return p.codec.decode(buffer, offset);
  } catch {
    return undefined;
  }
}

/** A busy device's answer: the last usable value, or still waiting when there never was one. */
export function lastUsable(last: SampleValue): { value: SampleValue; quality: Quality } {
  return last === null
    ? { value: null, quality: 'Bad_WaitingForInitialData' }
    : { value: last, quality: 'Uncertain_LastUsableValue' };
}

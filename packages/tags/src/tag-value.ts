// One sample of one tag, as it flows from drivers through the tag engine to every consumer.
import type { Quality } from './quality.js';

export type Value = number | boolean | null;

export interface TagValue {
  name: string;
  /** null whenever quality is Bad. */
  value: Value;
  quality: Quality;
  /** Source timestamp, epoch ms (OPC UA source time, or the gateway's receive time for Modbus). */
  ts: number;
  /** Gateway (server) timestamp, epoch ms. */
  gatewayTs: number;
  /** Where `ts` came from: the device, or stamped by the gateway on receipt. */
  tsOrigin: 'source' | 'gateway';
  /**
   * Only on Bad values: the last Good or Uncertain value, kept through a communication loss or a stale
   * period so a display can show it as history (never as a current value). Absent when there is none.
   */
  lastUsable?: number | boolean;
}

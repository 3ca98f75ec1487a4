// A PLC's tags as OPC UA monitored items: one subscription, one monitored-item group per scan class.
import type { PlcDef } from '@zld/plant';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  TimestampsToReturn,
  type ClientSession,
} from 'node-opcua';
import type { DriverLogger, SampleSink, TagKey } from '../kernel/driver.js';
import type { DriverStats } from '../kernel/stats.js';
import type { TagPoint } from '../kernel/tag-point.js';
import { opcuaAddressOf } from './schema.js';
import { emitDataValue } from './variant.js';

interface ScanGroup {
  name: string;
  periodMs: number;
  /** Point index of each monitored item, in item order. */
  indices: number[];
  /** False for items the server refused (an unknown node): they are never touched. */
  ok: boolean[];
}

export interface MonitoredTagsContext {
  plcId: string;
  sink: SampleSink;
  touch: ((tag: TagKey) => void) | undefined;
  logger: DriverLogger;
  stats: DriverStats;
  /** False once the driver stops: nothing is pushed any more. */
  isRunning: () => boolean;
  /** A tag the server refused to monitor. */
  onConfigError: (key: TagKey) => void;
  onError: (message: string) => void;
}

/** `ns=<index>;s=<address.node>` */
export function nodeIdOf(nsIndex: number, p: TagPoint): string {
  return `ns=${nsIndex};s=${opcuaAddressOf(p.tag).node}`;
}

export class MonitoredTags {
  private readonly groups: ScanGroup[];

  constructor(
    plc: PlcDef,
    private readonly points: readonly TagPoint[],
    private readonly ctx: MonitoredTagsContext,
  ) {
    this.groups = Object.entries(plc.scanClasses)
      .map(([name, sc]) => {
        const indices = points.flatMap((p, i) => (p.tag.scanClass === name ? [i] : []));
        return { name, periodMs: sc.periodMs, indices, ok: indices.map(() => true) };
      })
      .filter((g) => g.indices.length > 0);
    for (const g of this.groups) ctx.stats.addScanClass(g.name, g.periodMs);
  }

  /**
   * Creates the subscription and its monitored items (sampling interval: the scan class period). node-opcua
   * transfers or re-creates both when it repairs a session after a reconnection.
   */
  subscribe(session: ClientSession, nsIndex: number): ClientSubscription {
    // Every publish response, data or keep-alive, confirms the unchanged values (see `touch`). Servers
    // answer at least every (keep-alive count + 1) publishing intervals, with a keep-alive count of 2 or
    // more (node-opcua's minimum): 3 intervals. Publishing at half the fastest scan period keeps that
    // within 1.5 scan periods, inside the tag engine's stale limit of 3 periods (for periods >= 100 ms).
    const fastest = Math.min(...this.groups.map((g) => g.periodMs));
    const publishingInterval = Math.max(50, fastest / 2);
    const sub = ClientSubscription.create(session, {
      requestedPublishingInterval: publishingInterval,
      requestedMaxKeepAliveCount: 2,
      requestedLifetimeCount: Math.max(30, Math.ceil(60_000 / publishingInterval)),
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 1,
    });
    sub.on('raw_notification', () => this.touchAll());
    for (const g of this.groups) this.monitor(sub, g, nsIndex);
    return sub;
  }

  private monitor(sub: ClientSubscription, g: ScanGroup, nsIndex: number): void {
    const { ctx, points } = this;
    const items = g.indices.map((i) => ({
      nodeId: nodeIdOf(nsIndex, points[i] as TagPoint),
      attributeId: AttributeIds.Value,
    }));
    const mg = ClientMonitoredItemGroup.create(
      sub,
      items,
      { samplingInterval: g.periodMs, queueSize: 1, discardOldest: true },
      TimestampsToReturn.Both,
    );
    mg.on('changed', (_item, dv, index) => {
      const p = points[g.indices[index] ?? -1];
      if (!p || !ctx.isRunning()) return;
      ctx.stats.raw.notifications++;
      emitDataValue(p, dv, ctx.sink);
    });
    mg.on('initialized', () => {
      mg.monitoredItems.forEach((item, k) => {
        const ok = item.statusCode.isGood();
        const p = points[g.indices[k] ?? -1];
        if (!ok && g.ok[k] !== false && p) {
          ctx.logger.warn(
            `${ctx.plcId}: ${p.tag.name} (${item.itemToMonitor.nodeId.toString()}): ${item.statusCode.name}`,
          );
          ctx.onConfigError(p.key);
        }
        g.ok[k] = ok;
      });
    });
    mg.on('err', (message) => ctx.onError(`scan class ${g.name}: ${message}`));
  }

  private touchAll(): void {
    const touch = this.ctx.touch;
    if (!touch || !this.ctx.isRunning()) return;
    for (const g of this.groups) {
      for (let k = 0; k < g.indices.length; k++) {
        if (g.ok[k]) touch((this.points[g.indices[k] ?? -1] as TagPoint).key);
      }
    }
  }
}

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
import { ValueWatch } from '../kernel/value-watch.js';
import { emitDataValue } from './variant.js';

interface ScanGroup {
  name: string;
  periodMs: number;
  /** Point index of each tag of the scan class. */
  indices: number[];
}

/** A scan class as monitored in one session: only its tags whose node resolved there. */
interface MonitoredGroup {
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

export class MonitoredTags {
  private readonly groups: ScanGroup[];
  private monitored: MonitoredGroup[] = [];
  /** Judges, counts and logs the values of the subscription's samples (read-backs are judged purely). */
  private readonly values: ValueWatch;

  constructor(
    plc: PlcDef,
    private readonly points: readonly TagPoint[],
    private readonly ctx: MonitoredTagsContext,
  ) {
    this.groups = Object.entries(plc.scanClasses)
      .map(([name, sc]) => {
        const indices = points.flatMap((p, i) => (p.tag.scanClass === name ? [i] : []));
        return { name, periodMs: sc.periodMs, indices };
      })
      .filter((g) => g.indices.length > 0);
    this.values = new ValueWatch({
      plcId: ctx.plcId,
      logger: ctx.logger,
      stats: ctx.stats,
      hint: () => "check the tag's range and scaling against the node's EURange",
    });
    for (const g of this.groups) ctx.stats.addScanClass(g.name, g.periodMs);
  }

  /**
   * The publishing interval asked for. Every publish response, data or keep-alive, confirms the unchanged
   * values (see `touch`). Servers answer at least every (keep-alive count + 1) publishing intervals, with
   * a keep-alive count of 2 or more (node-opcua's minimum): 3 intervals. Half the fastest scan period
   * keeps that within 1.5 scan periods, inside the tag engine's stale limit of 3 periods (for periods
   * >= 100 ms).
   */
  get publishingIntervalMs(): number {
    return Math.max(50, Math.min(...this.groups.map((g) => g.periodMs)) / 2);
  }

  /** The longest a healthy server leaves the subscription without an answer (keep-alive count 2). */
  get keepAliveMs(): number {
    return 3 * this.publishingIntervalMs;
  }

  /**
   * Creates the subscription and its monitored items (sampling interval: the scan class period), for
   * the points whose node resolved in this session (`nodeIds[i]`, null: not monitored).
   */
  subscribe(session: ClientSession, nodeIds: readonly (string | null)[]): ClientSubscription {
    const publishingInterval = this.publishingIntervalMs;
    const sub = ClientSubscription.create(session, {
      requestedPublishingInterval: publishingInterval,
      requestedMaxKeepAliveCount: 2,
      requestedLifetimeCount: Math.max(30, Math.ceil(60_000 / publishingInterval)),
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 1,
    });
    sub.on('raw_notification', () => this.touchAll());
    this.monitored = [];
    for (const g of this.groups) {
      const indices = g.indices.filter((i) => nodeIds[i] != null);
      if (indices.length === 0) continue;
      const m: MonitoredGroup = { indices, ok: indices.map(() => true) };
      this.monitored.push(m);
      this.monitor(sub, g.name, g.periodMs, m, nodeIds);
    }
    return sub;
  }

  private monitor(
    sub: ClientSubscription,
    name: string,
    periodMs: number,
    g: MonitoredGroup,
    nodeIds: readonly (string | null)[],
  ): void {
    const { ctx, points } = this;
    const items = g.indices.map((i) => ({
      nodeId: nodeIds[i] as string,
      attributeId: AttributeIds.Value,
    }));
    const mg = ClientMonitoredItemGroup.create(
      sub,
      items,
      { samplingInterval: periodMs, queueSize: 1, discardOldest: true },
      TimestampsToReturn.Both,
    );
    mg.on('changed', (_item, dv, index) => {
      const p = points[g.indices[index] ?? -1];
      if (!p || !ctx.isRunning()) return;
      ctx.stats.raw.notifications++;
      emitDataValue(p, dv, ctx.sink, this.values);
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
    mg.on('err', (message) => ctx.onError(`scan class ${name}: ${message}`));
  }

  private touchAll(): void {
    const touch = this.ctx.touch;
    if (!touch || !this.ctx.isRunning()) return;
    for (const g of this.monitored) {
      for (let k = 0; k < g.indices.length; k++) {
        if (g.ok[k]) touch((this.points[g.indices[k] ?? -1] as TagPoint).key);
      }
    }
  }
}

// In the gateway child: the history service exactly as `openServices` opens it for `npm start`, and its counters read for the bench.
import { AuditStore, openServices, type Runtime, type RuntimeLogger } from '@zld/gateway';
import { Registry, type Histogram } from 'prom-client';
import type { HistorianStatus } from './gateway-messages.js';

type Services = Awaited<ReturnType<typeof openServices>>;
type HistoryService = Services['history'];

/** The histogram `registerHistoryMetrics` observes every recorder write into. */
const WRITE_DURATION = 'zld_historian_write_duration_seconds';

/**
 * `openServices` (the gateway's own wiring: recorder with exception reporting, the backend chosen by
 * the URL, store-and-forward in front of InfluxDB) with a metrics registry as `main.ts` passes one.
 * Only its history service is started: the alarm and balance services it also opens are stopped
 * unstarted (the synthetic plant has no alarms, and its water balance is a placeholder), so the runs
 * with and without a historian differ by the historian alone.
 */
export class HistoryProbe {
  private constructor(
    readonly service: HistoryService,
    private readonly others: Pick<Services, 'alarms' | 'balance'>,
    private readonly audit: AuditStore,
    private readonly registry: Registry,
  ) {}

  static async open(
    runtime: Runtime,
    dataDir: string,
    influxUrl: string | undefined,
    logger: RuntimeLogger,
  ): Promise<HistoryProbe> {
    const audit = new AuditStore({ path: ':memory:', clock: runtime.timebase.clock });
    const registry = new Registry();
    const services = await openServices({
      runtime,
      dataDir,
      ...(influxUrl !== undefined ? { influxUrl } : {}),
      audit,
      registry,
      logger,
    });
    return new HistoryProbe(services.history, services, audit, registry);
  }

  /** The store's own backlog (the store-and-forward buffer's points): cheap, read every second. */
  storeBacklog(): number {
    return this.service.historian.health().backlog;
  }

  /** Every counter (reads the buffer's lane sizes: not for every second of the window). */
  status(): HistorianStatus {
    const s = this.service.stats();
    const r = s.recorder;
    const f = s.forwarder;
    return {
      backend: this.service.historian.health().backend,
      offered: r.samples,
      accepted: r.pointsWritten,
      pending: r.pending,
      dropped: r.dropped,
      rejected: r.rejected,
      writeErrors: r.writeErrors,
      maxWriteMs: Math.round(r.maxWriteMs * 10) / 10,
      storeBacklog: r.backlog - r.pending,
      forwarder:
        f === null
          ? null
          : {
              forwarded: f.forwarded,
              droppedOverflow: f.droppedOverflow,
              droppedAge: f.droppedAge,
              quarantined: f.quarantined,
              outage: f.outage,
            },
    };
  }

  /** After closing: the points left in the store-and-forward buffer (its count is kept in memory); null without one. */
  bufferedAfterClose(): number | null {
    return this.service.forwarder?.outbox.size() ?? null;
  }

  /** Milliseconds spent inside the recorder's write calls so far (the service's own histogram). */
  async writeMs(): Promise<number> {
    const metric = this.registry.getSingleMetric(WRITE_DURATION) as Histogram | undefined;
    if (metric === undefined) return 0;
    const values = (await metric.get()).values;
    const sum = values.find((v) => v.metricName === `${WRITE_DURATION}_sum`);
    return (sum?.value ?? 0) * 1000;
  }

  /** After the history service stopped: the services opened beside it, and the audit store. */
  closeOthers(): void {
    this.others.alarms.stop();
    this.others.balance?.stop();
    this.audit.close();
  }
}

// Prometheus metrics of the runtime, read from its counters at scrape time: per PLC and for the tag engine.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Runtime } from '../runtime/runtime.js';

/** Counters the drivers and the engine keep as totals are exported as Prometheus counters. */
export function registerRuntimeMetrics(registry: Registry, runtime: Runtime): void {
  const registers = [registry];
  const plc = ['plc'] as const;
  // One read of every counter per scrape, shared by all metrics below.
  let cache: { at: number; stats: ReturnType<Runtime['stats']> } | null = null;
  const stats = (): ReturnType<Runtime['stats']> => {
    const now = Date.now();
    if (cache === null || now - cache.at > 50) cache = { at: now, stats: runtime.stats() };
    return cache.stats;
  };
  type Drv = ReturnType<Runtime['stats']>['drivers'][number];

  const perPlcCounter = (name: string, help: string, read: (d: Drv) => number): void => {
    new Counter({
      name,
      help,
      labelNames: plc,
      registers,
      collect() {
        this.reset();
        for (const d of stats().drivers) this.inc({ plc: d.status.plcId }, read(d));
      },
    });
  };
  const perPlcGauge = (name: string, help: string, read: (d: Drv) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: plc,
      registers,
      collect() {
        this.reset();
        for (const d of stats().drivers) this.set({ plc: d.status.plcId }, read(d));
      },
    });
  };

  perPlcGauge('zld_plc_connected', '1 when the PLC link is up', (d) =>
    d.status.connected ? 1 : 0,
  );
  perPlcGauge('zld_plc_demoted', '1 while the PLC is auto-demoted', (d) =>
    d.status.demoted ? 1 : 0,
  );
  perPlcCounter('zld_plc_polls_total', 'Completed polls', (d) => d.counters.polls);
  perPlcCounter(
    'zld_plc_poll_duration_seconds_total',
    'Time spent polling, summed over polls (divide by zld_plc_polls_total for the mean)',
    (d) => d.counters.pollDurationMsTotal / 1000,
  );
  perPlcGauge(
    'zld_plc_poll_duration_seconds',
    'Duration of the last poll',
    (d) => d.counters.pollDurationMsLast / 1000,
  );
  perPlcGauge(
    'zld_plc_poll_duration_max_seconds',
    'Longest poll since start',
    (d) => d.counters.pollDurationMsMax / 1000,
  );
  perPlcCounter(
    'zld_plc_poll_overruns_total',
    'Scans skipped because the previous poll was still running',
    (d) => d.counters.overruns,
  );
  perPlcCounter('zld_plc_requests_total', 'Requests sent to the PLC', (d) => d.counters.requests);
  perPlcCounter('zld_plc_timeouts_total', 'Requests that timed out', (d) => d.counters.timeouts);
  perPlcCounter(
    'zld_plc_reconnects_total',
    'Re-connections after a loss',
    (d) => d.counters.reconnects,
  );
  perPlcCounter(
    'zld_plc_samples_total',
    'Samples the driver pushed to the tag engine',
    (d) => d.counters.notifications,
  );
  perPlcCounter('zld_plc_writes_total', 'Writes sent', (d) => d.counters.writes);
  perPlcCounter(
    'zld_plc_write_failures_total',
    'Writes that failed',
    (d) => d.counters.writeFailures,
  );
  perPlcCounter(
    'zld_plc_values_out_of_range_total',
    "Samples outside their tag's range (Uncertain_EngineeringUnitsExceeded)",
    (d) => d.counters.valuesOutOfRange,
  );
  perPlcCounter(
    'zld_plc_values_bad_total',
    'Samples whose raw data gave no usable value (NaN, infinity, undecodable)',
    (d) => d.counters.valuesBad,
  );
  new Counter({
    name: 'zld_plc_exceptions_total',
    help: 'Protocol error answers (Modbus exception codes, OPC UA status names)',
    labelNames: ['plc', 'code'] as const,
    registers,
    collect() {
      this.reset();
      for (const d of stats().drivers)
        for (const [code, n] of Object.entries(d.counters.exceptions))
          this.inc({ plc: d.status.plcId, code }, n);
    },
  });

  const engineCounter = (
    name: string,
    help: string,
    read: (s: ReturnType<Runtime['stats']>) => number,
  ) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(stats()));
      },
    });
  engineCounter(
    'zld_tag_updates_total',
    'Samples received by the tag engine',
    (s) => s.engine.updates,
  );
  engineCounter(
    'zld_tag_published_total',
    'Values published (beyond deadband, or a quality change)',
    (s) => s.engine.published,
  );
  engineCounter(
    'zld_tag_stale_transitions_total',
    'Tags turned Bad_Stale',
    (s) => s.engine.staleTransitions,
  );
  engineCounter(
    'zld_tag_sink_errors_total',
    'Samples the tag engine refused',
    (s) => s.sink.errors,
  );
  new Gauge({
    name: 'zld_tag_updates_per_second',
    help: 'Samples received per second, over the last second',
    registers,
    collect() {
      this.set(stats().updatesPerSecond);
    },
  });
  new Gauge({
    name: 'zld_tag_published_per_second',
    help: 'Values published per second, over the last second',
    registers,
    collect() {
      this.set(stats().publishedPerSecond);
    },
  });
}

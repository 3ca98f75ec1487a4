// The services behind the gateway's features (alarms, water balance, historian) for one runtime, wired to the app and the command path.
import type { Historian } from '@zld/historian';
import type { Registry } from 'prom-client';
import { AlarmJournal } from './alarming/alarm-journal.js';
import { alarmLive } from './alarming/alarm-live.js';
import { alarmRoutes } from './alarming/alarm-routes.js';
import { AlarmService } from './alarming/alarm-service.js';
import { communicating } from './alarming/comm-alarms.js';
import type { SystemConditions } from './alarming/system-alarms.js';
import { feature, type AppFeature, type AppOptions } from './app.js';
import type { AuditSink } from './audit/audit-store.js';
import { balanceLive } from './balance/balance-live.js';
import { balanceRoutes } from './balance/balance-routes.js';
import { BalanceService } from './balance/balance-service.js';
import type { CommandServiceOptions } from './commands/command-service.js';
import { historyPlugin } from './history/history-plugin.js';
import { HistoryService } from './history/history-service.js';
import type { Service } from './lifecycle.js';
import type { Runtime, RuntimeLogger } from './runtime/runtime.js';

export interface ServicesOptions {
  runtime: Runtime;
  /** The alarm journal (`alarms.sqlite`), the embedded historian and its buffer live here. */
  dataDir: string;
  /** InfluxDB 1.x (`http://host:port/db`); unset: the embedded store. */
  influxUrl?: string;
  /** An already opened historian (tests); `dataDir` and `influxUrl` then name none. */
  historian?: Historian;
  /** Alarm commands and quarantine retries are recorded here (the audit store). */
  audit: AuditSink;
  /** The historian's metrics go here (the app's registry). */
  registry?: Registry;
  logger?: RuntimeLogger;
  /** The gateway's own conditions behind SYS.AUDIT and SYS.LOGIN; none: no system alarms. */
  system?: SystemConditions;
}

export interface GatewayServices {
  /** ISA-18.2 engine and journal, with the write-verification alarms. */
  alarms: AlarmService;
  /** The ZLD water balance (publishes FY-910 .. FY-917); none when the plant file defines no balance. */
  balance: BalanceService | undefined;
  /** Every tag into the store, store-and-forward in front of InfluxDB. */
  history: HistoryService;
  /** For `startGateway`, in start order: the historian first, so it records every value. */
  services: readonly Service[];
  /** For `buildApp`: the features' routes and events, and what the core routes read of them. */
  app: Required<Pick<AppOptions, 'features' | 'tagLimits' | 'historianHealth'>>;
  /** For `buildApp({ security: { commands } })`: every read-back result feeds the alarms. */
  commands: Required<Pick<CommandServiceOptions, 'onReadbackFailure' | 'onReadbackVerified'>>;
}

/** The features' routes and live events over their services, in registration order. */
export function featuresOf(
  s: Pick<GatewayServices, 'alarms' | 'balance' | 'history'>,
  audit: AuditSink,
): AppFeature[] {
  return [
    feature(alarmRoutes, { service: s.alarms }),
    feature(alarmLive, { service: s.alarms }),
    feature(balanceRoutes, s.balance ? { service: s.balance } : {}),
    ...(s.balance ? [feature(balanceLive, { service: s.balance })] : []),
    feature(historyPlugin, { service: s.history, audit }),
  ];
}

/**
 * Opens the alarm journal and the historian; nothing runs before `startGateway` starts the services.
 * Every service reads the runtime's clock (plant time with `--clock plc`).
 */
export async function openServices(options: ServicesOptions): Promise<GatewayServices> {
  const { runtime, audit } = options;
  const { plant } = runtime;
  const clock = runtime.timebase.clock;
  const alarms = new AlarmService({
    plant,
    source: runtime,
    clock,
    journal: AlarmJournal.inDataDir(options.dataDir),
    audit,
    plcConnected: (plcId) => communicating(runtime.driver(plcId)?.status()),
    ...(options.system !== undefined ? { system: options.system } : {}),
  });
  // The balance integrates every scanned sample of its inputs, before the deadband.
  const balance =
    plant.waterBalance === undefined
      ? undefined
      : new BalanceService({ plant, source: runtime, raw: runtime, clock });
  const history = await HistoryService.open({
    plant,
    feed: runtime,
    clock,
    wall: runtime.timebase.wall,
    dataDir: options.dataDir,
    ...(options.influxUrl !== undefined ? { influxUrl: options.influxUrl } : {}),
    ...(options.historian !== undefined ? { historian: options.historian } : {}),
    ...(options.registry !== undefined ? { registry: options.registry } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  return {
    alarms,
    balance,
    history,
    services: balance ? [history, alarms, balance] : [history, alarms],
    app: {
      features: featuresOf({ alarms, balance, history }, audit),
      tagLimits: (tag) => alarms.limitsOf(tag),
      historianHealth: () => history.health(),
    },
    commands: {
      onReadbackFailure: (failure) => alarms.readbackFailed(failure),
      onReadbackVerified: (tag) => alarms.readbackVerified(tag),
    },
  };
}

// The InfluxDB outage of `--influx-outage-at S --influx-outage-seconds D`: the private influxd stopped S s into the window, started again D s later.
import type { InfluxdProcess } from '@zld/testkit/influxd-suite';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const since = (t0: number) => Math.round(performance.now() - t0) / 1000;

/** Seconds since the window began. */
export interface OutageTimes {
  /** influxd was told to stop (SIGTERM). */
  stoppedAtS: number;
  /** It had exited. */
  downAtS: number;
  /** It answered /ping again, on the same port and data dir. */
  restartedAtS: number;
}

export interface OutageHooks {
  /** Just before the stop (e.g. a last CPU sample of the process that is about to exit). */
  beforeStop(): void;
  /** Once it answers again (e.g. start measuring the seconds after the restart). */
  restarted(): void;
}

/**
 * A real outage, not a pause: the process exits (SIGTERM, as `InfluxdProcess.stop`) and a new one
 * starts on the same port and data dir (`InfluxdProcess.start`, which waits for /ping). The D seconds
 * run from the stop request.
 */
export async function runOutage(
  server: InfluxdProcess,
  at: { atS: number; seconds: number; windowStart: number },
  hooks: OutageHooks,
  log: (m: string) => void,
): Promise<OutageTimes> {
  const t0 = at.windowStart;
  await sleep(t0 + at.atS * 1000 - performance.now());
  hooks.beforeStop();
  const stopAt = performance.now();
  const stoppedAtS = since(t0);
  log(`InfluxDB outage: stopping influxd ${stoppedAtS} s into the window for ${at.seconds} s`);
  await server.stop();
  const downAtS = since(t0);
  await sleep(stopAt + at.seconds * 1000 - performance.now());
  await server.start();
  const restartedAtS = since(t0);
  hooks.restarted();
  log(`InfluxDB outage: influxd answers again ${restartedAtS} s into the window`);
  return { stoppedAtS, downAtS, restartedAtS };
}

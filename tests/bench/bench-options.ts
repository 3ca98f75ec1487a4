// Reads the flags of `npm run bench` into bounded options; a bad flag is an error that lists every problem.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Length of the measured window, after the warm-up. */
  seconds: number;
  warmupSeconds: number;
  /** float32 counter tags, spread evenly over the PLCs. */
  tags: number;
  plcs: number;
  /** Scan period of every tag: the offered load is tags x 1000 / periodMs updates per second. */
  periodMs: number;
  /** socket.io clients of the live stream. */
  clients: number;
  /** Where the gateway records every change: the embedded store (default), InfluxDB, or nowhere. */
  historian: HistorianChoice;
  /** With `influx`: an InfluxDB 1.x URL (`http://host:port/db`) to use instead of a private influxd. */
  influxUrl: string | null;
  /** With a private influxd: stop it this many seconds into the window ... */
  influxOutageAtS: number | null;
  /** ... and start it again this many seconds later (same port and data dir). */
  influxOutageSeconds: number | null;
  /** After the window, how long the gateway may take to get every accepted point into the store. */
  drainBoundSeconds: number;
  skipSim: boolean;
  skipHistorian: boolean;
  /** Days of 1 Hz data the historian query bench seeds (its own default is 7). */
  historianDays: number;
  /** Time bound of each side bench (simulator, historian). */
  sideTimeoutSeconds: number;
  help: boolean;
}

export const HISTORIANS = ['sqlite', 'influx', 'none'] as const;
export type HistorianChoice = (typeof HISTORIANS)[number];

export const BENCH_USAGE = `npm run bench [-- options]

  --seconds N            measured window in seconds (default 10)
  --warmup N             seconds before measuring (default 3)
  --tags K               float32 tags, all changing every scan (default 2000)
  --plcs P               Modbus TCP PLCs (lean loopback servers), one connection each
                         (default: one per 2500 tags, 2 to 16)
  --period MS            scan period of every tag, 50 or more (default 100)
  --clients N            socket.io clients of the live stream (default 1)
  --historian B          where the gateway records every change: sqlite (the embedded store,
                         default), influx (InfluxDB through store-and-forward; a private influxd
                         unless --influx-url) or none
  --no-historian         the same as --historian none
  --influx-url URL       with --historian influx: an InfluxDB 1.x URL (http://host:port/db)
                         to use instead of a private influxd
  --influx-outage-at S   with a private influxd: stop it S seconds into the window ...
  --influx-outage-seconds D
                         ... and start it again D seconds later (S + D below --seconds)
  --drain-bound S        after the window, wait at most S seconds for the store to hold every
                         point the recorder accepted (default 120)
  --skip-sim             leave out the simulator 24 h headless CPU bench
  --skip-historian       leave out the historian query bench
  --historian-days N     days of data the historian query bench seeds (default 1)
  --side-timeout S       time bound of each side bench in seconds (default 900)
  --help                 this text`;

export class BenchUsageError extends Error {
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'BenchUsageError';
  }
}

/** The default PLC count: one connection per 2500 tags, at least 2 and at most 16. */
export function defaultPlcs(tags: number): number {
  return Math.min(16, Math.max(2, Math.ceil(tags / 2500)), tags);
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      tags: { type: 'string' },
      plcs: { type: 'string' },
      period: { type: 'string' },
      clients: { type: 'string' },
      historian: { type: 'string' },
      'no-historian': { type: 'boolean' },
      'influx-url': { type: 'string' },
      'influx-outage-at': { type: 'string' },
      'influx-outage-seconds': { type: 'string' },
      'drain-bound': { type: 'string' },
      'skip-sim': { type: 'boolean' },
      'skip-historian': { type: 'boolean' },
      'historian-days': { type: 'string' },
      'side-timeout': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const problems: string[] = [];
  const int = (flag: string, raw: string | undefined, def: number, lo: number, hi: number) => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < lo || n > hi) {
      problems.push(
        `--${flag} must be an integer from ${lo} to ${hi} (got ${JSON.stringify(raw)})`,
      );
      return def;
    }
    return n;
  };
  const tags = int('tags', values.tags, 2000, 1, 200_000);
  const historian = historianOf(values.historian, values['no-historian'] === true, problems);
  const optionalInt = (flag: string, raw: string | undefined, lo: number, hi: number) =>
    raw === undefined ? null : int(flag, raw, lo, lo, hi);
  const options: BenchOptions = {
    seconds: int('seconds', values.seconds, 10, 1, 3600),
    warmupSeconds: int('warmup', values.warmup, 3, 0, 300),
    tags,
    plcs: int('plcs', values.plcs, defaultPlcs(tags), 1, 64),
    periodMs: int('period', values.period, 100, 50, 60_000),
    clients: int('clients', values.clients, 1, 1, 20),
    historian,
    influxUrl: values['influx-url'] ?? null,
    influxOutageAtS: optionalInt('influx-outage-at', values['influx-outage-at'], 0, 3600),
    influxOutageSeconds: optionalInt(
      'influx-outage-seconds',
      values['influx-outage-seconds'],
      1,
      3600,
    ),
    drainBoundSeconds: int('drain-bound', values['drain-bound'], 120, 1, 3600),
    skipSim: values['skip-sim'] === true,
    skipHistorian: values['skip-historian'] === true,
    historianDays: int('historian-days', values['historian-days'], 1, 1, 30),
    sideTimeoutSeconds: int('side-timeout', values['side-timeout'], 900, 10, 7200),
    help: values.help === true,
  };
  if (options.plcs > options.tags) problems.push(`--plcs (${options.plcs}) exceeds --tags`);
  // 65536 registers per PLC hold at most 32768 float32 values.
  if (Math.ceil(options.tags / options.plcs) > 32_768)
    problems.push(`more than 32768 tags per PLC: raise --plcs`);
  checkInflux(options, problems);
  if (problems.length > 0) throw new BenchUsageError(problems);
  return options;
}

function historianOf(
  raw: string | undefined,
  noHistorian: boolean,
  problems: string[],
): HistorianChoice {
  if (noHistorian && raw !== undefined && raw !== 'none')
    problems.push(`--no-historian contradicts --historian ${raw}`);
  if (raw === undefined) return noHistorian ? 'none' : 'sqlite';
  const choice = HISTORIANS.find((h) => h === raw);
  if (choice === undefined) {
    problems.push(
      `--historian must be one of ${HISTORIANS.join(', ')} (got ${JSON.stringify(raw)})`,
    );
    return 'sqlite';
  }
  return choice;
}

/** The InfluxDB flags need `--historian influx`; an outage needs the private influxd and fits in the window. */
function checkInflux(o: BenchOptions, problems: string[]): void {
  if (o.influxUrl !== null) {
    if (o.historian !== 'influx') problems.push('--influx-url needs --historian influx');
    if (!/^https?:\/\/[^/]+\/[^/?]+/.test(o.influxUrl))
      problems.push(`--influx-url must look like http://host:port/database (got ${o.influxUrl})`);
  }
  const at = o.influxOutageAtS;
  const length = o.influxOutageSeconds;
  if (at === null && length === null) return;
  if (at === null || length === null)
    problems.push('--influx-outage-at and --influx-outage-seconds go together');
  if (o.historian !== 'influx') problems.push('an InfluxDB outage needs --historian influx');
  if (o.influxUrl !== null)
    problems.push('an InfluxDB outage needs the private influxd (leave out --influx-url)');
  if (at !== null && length !== null && at + length >= o.seconds)
    problems.push(
      `the outage (${at} + ${length} s) must end before the window does (--seconds ${o.seconds})`,
    );
}

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
  /** Record every change in the embedded SQLite historian, as the gateway does (default true). */
  historian: boolean;
  skipSim: boolean;
  skipHistorian: boolean;
  /** Days of 1 Hz data the historian query bench seeds (its own default is 7). */
  historianDays: number;
  /** Time bound of each side bench (simulator, historian). */
  sideTimeoutSeconds: number;
  help: boolean;
}

export const BENCH_USAGE = `npm run bench [-- options]

  --seconds N            measured window in seconds (default 10)
  --warmup N             seconds before measuring (default 3)
  --tags K               float32 tags, all changing every scan (default 2000)
  --plcs P               Modbus TCP PLCs (lean loopback servers), one connection each
                         (default: one per 2500 tags, 2 to 16)
  --period MS            scan period of every tag, 50 or more (default 100)
  --clients N            socket.io clients of the live stream (default 1)
  --no-historian         run the gateway without its SQLite recorder (to see what it costs)
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
      'no-historian': { type: 'boolean' },
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
  const options: BenchOptions = {
    seconds: int('seconds', values.seconds, 10, 1, 3600),
    warmupSeconds: int('warmup', values.warmup, 3, 0, 300),
    tags,
    plcs: int('plcs', values.plcs, defaultPlcs(tags), 1, 64),
    periodMs: int('period', values.period, 100, 50, 60_000),
    clients: int('clients', values.clients, 1, 1, 20),
    historian: values['no-historian'] !== true,
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
  if (problems.length > 0) throw new BenchUsageError(problems);
  return options;
}

// The loopback driver against the loopback server of the same module, over real loopback sockets.
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:net';
import type { Quality } from '@zld/tags';
import { afterEach, describe, expect, it } from 'vitest';
import type { Driver } from '../kernel/driver.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import type { PlcServer, TagScalar, TagSource } from '../kernel/sim-server.js';
import { loadPlant, protocols } from '../protocols.js';

const EXAMPLE = fileURLToPath(new URL('./example-plant.yaml', import.meta.url));
const plant = loadPlant(EXAMPLE);
const plc = plant.plcById.get('PLC-500')!;

/** A device's values; writes to `pump.cmd` move `pump.run`, as a stand-in PLC would. */
class FakeSource implements TagSource {
  readonly values = new Map<string, TagScalar>([
    ['LT-501', 42.5],
    ['FIC-504', 12],
    ['FIC-504.SP', 12],
    ['P-503.CMD', false],
    ['P-503.RUN', false],
    ['KI-500', 1.9e9],
  ]);
  qualities = new Map<string, Quality>();
  read(tag: string): TagScalar {
    const v = this.values.get(tag);
    if (v === undefined) throw new Error(`no ${tag}`);
    return v;
  }
  write(tag: string, value: TagScalar): void {
    if (tag === 'FIC-504.SP' && typeof value === 'number' && value > 45)
      throw new Error('SP too high');
    this.values.set(tag, value);
    if (tag === 'P-503.CMD') this.values.set('P-503.RUN', value);
  }
  quality(tag: string): Quality {
    return this.qualities.get(tag) ?? 'Good';
  }
  simTimeMs(): number {
    return 0;
  }
}

let server: PlcServer | undefined;
let driver: Driver | undefined;
let rogue: Server | undefined;
afterEach(async () => {
  await driver?.stop();
  await server?.stop();
  rogue?.close();
  driver = server = rogue = undefined;
});

async function start(source = new FakeSource(), port = 0) {
  server = protocols.createServer(plc, {
    plant,
    source,
    host: '127.0.0.1',
    port,
    pkiDir: '',
    log: () => {},
  });
  await server.start();
  return { source, port: server.endpoint.port };
}

function connect(port: number) {
  const moved = protocols.withEndpoint(plc, { host: '127.0.0.1', port });
  if (typeof moved === 'string') throw new Error(moved);
  const log = new SampleLog();
  driver = protocols.createDriver(moved, {
    tags: plant.tags,
    sink: log.sink,
    logger: { info: () => {}, warn: () => {} },
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
  });
  return { log, d: driver };
}

describe('loopback driver and server', () => {
  it('polls every tag by its key, in engineering units, with the device quality', async () => {
    const { source, port } = await start();
    source.qualities.set('LT-501', 'Uncertain_SensorNotAccurate');
    const { log, d } = connect(port);
    await d.start();
    await waitFor(() => log.get('KI-500')?.quality === 'Good', 'a first poll');
    expect(log.get('LT-501')).toMatchObject({
      value: 42.5,
      quality: 'Uncertain_SensorNotAccurate',
    });
    expect(log.get('P-503.RUN')).toMatchObject({ value: false, quality: 'Good' });
    await waitFor(() => log.get('FIC-504.SP')?.value === 12, 'the slow scan class');
    expect(d.status()).toMatchObject({ plcId: 'PLC-500', protocol: 'loopback', connected: true });
    expect(d.counters().scanClasses.fast?.polls).toBeGreaterThan(0);
  });

  it('writes through the device and reads back; refuses what the device or the tag refuses', async () => {
    const { source, port } = await start();
    const { d } = connect(port);
    await d.start();
    await waitFor(() => d.status().connected, 'the link');
    await expect(d.write('P-503.CMD', true)).resolves.toMatchObject({
      value: true,
      quality: 'Good',
    });
    expect(source.values.get('P-503.RUN')).toBe(true);
    expect(await d.read(['P-503.RUN', 'FIC-504.SP'])).toMatchObject([
      { name: 'P-503.RUN', value: true, quality: 'Good' },
      { name: 'FIC-504.SP', value: 12 },
    ]);
    await expect(d.write('FIC-504.SP', 46)).rejects.toMatchObject({ code: 'DEVICE' });
    await expect(d.write('LT-501', 1)).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    await expect(d.write('FIC-504.SP', Number.NaN)).rejects.toMatchObject({ code: 'BAD_VALUE' });
    await expect(d.write('XX-999', 1)).rejects.toMatchObject({ code: 'UNKNOWN_TAG' });
  });

  it('turns every tag Bad_CommunicationError when the device stops answering, and Good when it answers again', async () => {
    const { port } = await start();
    const { log, d } = connect(port);
    await d.start();
    await waitFor(() => log.quality('LT-501') === 'Good', 'values');
    await server!.applyFaults({ offline: true, slowMs: 0, exceptionCode: null });
    await waitFor(() => log.quality('FIC-504.SP') === 'Bad_CommunicationError', 'comm loss', 3000);
    expect(d.status().consecutiveTimeouts).toBeGreaterThan(0);
    await server!.applyFaults({ offline: false, slowMs: 0, exceptionCode: null });
    await waitFor(() => log.quality('FIC-504.SP') === 'Good', 'recovery', 3000);
  });

  it('reconnects after the device restarts on the same port', async () => {
    const first = await start();
    const { log, d } = connect(first.port);
    await d.start();
    await waitFor(() => log.quality('LT-501') === 'Good', 'values');
    await server!.stop();
    await waitFor(() => log.quality('LT-501') === 'Bad_CommunicationError', 'the loss');
    await start(first.source, first.port);
    await waitFor(() => log.quality('LT-501') === 'Good', 'values again', 5000);
    expect(d.counters().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('drops a device that answers garbage, saying so, and marks a wrongly typed value Bad_ConfigurationError', async () => {
    let answers = 0;
    rogue = createServer((s) =>
      s.on('data', (chunk) => {
        const id = /"id":(\d+)/.exec(String(chunk))?.[1];
        answers++;
        s.write(
          answers === 1
            ? '\u0000garbage\n'
            : `{"id":${id},"values":[[1,"Good"],[1,"Good"],[1,"Good"],[true,"Good"]]}\n`,
        );
      }),
    );
    await new Promise<void>((r) => rogue!.listen(0, '127.0.0.1', r));
    const port = (rogue.address() as { port: number }).port;
    const { log, d } = connect(port);
    await d.start();
    await waitFor(() => /garbage/.test(d.status().lastError ?? ''), 'the garbage reported');
    await waitFor(
      () =>
        log.get('P-503.RUN') !== undefined && log.quality('P-503.RUN') !== 'Bad_CommunicationError',
      'a typed answer',
      3000,
    );
    // The fast class asks LT-501, FIC-504, P-503.RUN, KI-500: the bool gets 1, the clock gets true;
    // the slow class asks two keys and gets four values: the device answered wrong, Bad_DeviceFailure.
    expect(log.get('P-503.RUN')?.quality).toBe('Bad_ConfigurationError');
    expect(log.get('KI-500')?.quality).toBe('Bad_ConfigurationError');
    expect(log.get('LT-501')).toMatchObject({ value: 1, quality: 'Good' });
    await waitFor(() => log.quality('FIC-504.SP') === 'Bad_DeviceFailure', 'a miscounted answer');
    expect(d.status().lastError).toMatch(/answered 4 values for 2 keys/);
  });
});

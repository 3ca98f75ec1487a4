// OPC UA supervision: a device process killed and started again on the same port (a reboot: sessions
// gone, a new start time), three times in a row, with nodes addressed by numeric, string, GUID and
// opaque NodeIds through the namespace URI; and a server that refuses the session it had while the
// connection stays up (closed on its side, or its publish requests denied).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataType } from 'node-opcua';
import type { TagDef } from '@zld/plant';
import { freePort } from '../kernel/free-port.js';
import { testTag } from '../kernel/plc.fixture.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import { OpcuaDriver } from './client.js';
import { opcuaPlc, opcuaTag } from './opcua-plc.fixture.js';
import { startOpcuaServer, type OpcuaTestServer } from './opcua-server.fixture.js';

const NS = 'urn:zld:test:foreign-device';
const GUID = '72962b91-fa75-4ae6-8d28-b404dc7daf63';
const SCRIPT = fileURLToPath(new URL('./device-process.fixture.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'zld-opcua-reboot-'));
const tag = (name: string, dataType: TagDef['dataType'], nodeId: string): TagDef =>
  testTag(name, dataType, 'PLC-901', { nodeId }, { scanClass: 'fast', range: [0, 1e9] });
const TAGS = [
  tag('Counter', 'float64', `nsu=${NS};i=1001`),
  tag('Line1.Level', 'float32', `nsu=${NS};s=Line1.Level`),
  tag('Pump.Run', 'bool', `nsu=${NS};g=${GUID}`),
  tag('Uptime', 'int32', `nsu=${NS};b=AQID`),
];

let port = 0;
let device: ChildProcess | null = null;

/** Starts the device process on `port`; resolves when it listens. */
async function startDevice(): Promise<void> {
  const child = spawn(process.execPath, [SCRIPT, String(port), join(tmp, 'device'), NS], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  device = child;
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('device did not start in 30 s')), 30_000);
    lines.on('line', (l) => {
      if (!l.startsWith('READY')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`device exited with ${code}`)));
  });
}

async function killDevice(): Promise<void> {
  const child = device;
  device = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startDevice();
}, 40_000);

afterAll(async () => {
  await killDevice();
  rmSync(tmp, { recursive: true, force: true });
});

describe('OPC UA driver supervision', () => {
  it('is Good within 10 s after each of three device reboots, every NodeId form resolved', async () => {
    const log = new SampleLog();
    const warnings: string[] = [];
    const d = new OpcuaDriver(
      opcuaPlc({ endpointUrl: `opc.tcp://127.0.0.1:${port}` }, { fast: 100 }),
      {
        tags: TAGS,
        sink: log.sink,
        logger: { info: () => {}, warn: (m) => warnings.push(m) },
        pkiDir: join(tmp, 'client'),
        reconnect: { initialDelayMs: 200, maxDelayMs: 30_000 },
      },
    );
    const allGood = () => TAGS.every((t) => log.quality(t.name) === 'Good');
    try {
      await d.start();
      await waitFor(allGood, 'every tag Good', 15_000);
      expect(log.get('Line1.Level')?.value).toBe(42.5);
      expect(log.get('Pump.Run')?.value).toBe(true);
      for (let reboot = 1; reboot <= 3; reboot++) {
        await killDevice();
        await waitFor(() => TAGS.every((t) => log.quality(t.name) !== 'Good'), 'comm loss');
        expect(d.status().connected).toBe(false);
        expect(d.status().lastError).toMatch(/attempt \d+/);
        await startDevice();
        const up = Date.now();
        const before = log.history.length;
        await waitFor(
          () => allGood() && log.history.slice(before).some((s) => s.key === 'Counter'),
          `every tag Good again after reboot ${reboot}`,
          10_000,
        );
        expect(Date.now() - up).toBeLessThan(10_000);
        // A fresh process counts from 0 again: the values are the new device's.
        expect(log.get('Uptime')?.value).toBeLessThan(15);
      }
      expect(d.counters().reconnects).toBe(3);
      expect(d.status()).toMatchObject({ connected: true, lastError: null });
      expect(warnings.filter((w) => /building a new session/.test(w)).length).toBe(3);
    } finally {
      await d.stop();
    }
  }, 90_000);
});

describe('OPC UA driver against a server that refuses the session it had', () => {
  let srv: OpcuaTestServer;
  beforeAll(async () => {
    srv = await startOpcuaServer({
      pkiDir: join(tmp, 'refusing'),
      namespaceUri: NS,
      variables: [{ node: 'TI-501', dataType: DataType.Double, value: 1 }],
    });
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
  });

  /**
   * Refuses the driver's session; then a new session must carry live values within 10 s. `cause`: the
   * driver's own supervision must have seen it (else the library's session repair may do it).
   */
  async function recovers(refuse: () => void, cause: RegExp | null): Promise<void> {
    const log = new SampleLog();
    const warnings: { m: string; at: number }[] = [];
    const d = new OpcuaDriver(opcuaPlc({ endpointUrl: srv.endpointUrl, namespaceUri: NS }), {
      tags: [opcuaTag('TI-501', 'float64', { range: [0, 1e6] })],
      sink: log.sink,
      logger: { info: () => {}, warn: (m) => warnings.push({ m, at: Date.now() }) },
      pkiDir: join(tmp, 'client'),
      reconnect: { initialDelayMs: 200, maxDelayMs: 30_000 },
    });
    // The value keeps changing, as a live process value does.
    let v = 1;
    const ticker = setInterval(() => srv.set('TI-501', ++v), 100);
    try {
      await d.start();
      await waitFor(() => log.quality('TI-501') === 'Good', 'Good', 15_000);
      const old = srv.sessions();
      refuse();
      const at = Date.now();
      await waitFor(
        () => srv.sessions().some((s) => !old.includes(s)),
        'a new session on the server',
        10_000,
      );
      const renewed = Date.now();
      await waitFor(
        () => log.history.some((s) => s.at > renewed && s.quality === 'Good'),
        'live values through the new session',
        10_000,
      );
      expect(Date.now() - at).toBeLessThan(10_000);
      if (cause) {
        expect(warnings.map((w) => w.m).join('\n')).toMatch(cause);
        expect(d.counters().reconnects).toBe(1);
      }
      expect(d.status()).toMatchObject({ connected: true, lastError: null });
    } finally {
      clearInterval(ticker);
      await d.stop();
    }
  }

  it('builds a new session when the server closes the old one (BadSessionIdInvalid)', async () => {
    await recovers(() => srv.dropSessions(), null);
  }, 40_000);

  it('builds a new session when publish requests are refused (BadUserAccessDenied)', async () => {
    await recovers(() => srv.denyPublishOfOpenSessions(), /no publish answer/);
  }, 40_000);
});

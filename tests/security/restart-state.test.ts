// After a kill -9 of the gateway process: sessions still work, a replayed command id does not run again, the audit has the unclean stop, the history a gap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@zld/testkit';
import { AuditStore } from '../../apps/gateway/src/audit/index.js';
import { loadAuditKey } from '../../apps/gateway/src/audit/audit-key.js';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'apps', 'gateway', 'src', 'main.ts');
const ADMIN_PASSWORD = 'restart proof brine secret 42';
const TAG = 'FIC-106.SP';

interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

interface AuditRow {
  action: string;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown> | null;
  newValue: unknown;
}

describe('a gateway killed with SIGKILL and started again on the same data dir', () => {
  let sims: TestSimulators;
  let dataDir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'zld-restart-'));
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await sims?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<Child> {
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir];
    args.push('--log-level', 'warn');
    for (const [id, ep] of Object.entries(sims.plcEndpoints))
      args.push(
        '--plc',
        'endpointUrl' in ep ? `${id}=${ep.endpointUrl}` : `${id}=${ep.host}:${ep.port}`,
      );
    // One process (node with tsx as its loader), so that SIGKILL kills the gateway itself.
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ZLD_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    const c: Child = { process: child, url: `http://127.0.0.1:${port}`, exited, output: () => out };
    children.push(c);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
        return (await fetch(`${c.url}/healthz`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the gateway to answer /healthz' },
    );
    return c;
  }

  const call = async (c: Child, path: string, token: string, body?: unknown) => {
    const res = await fetch(c.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('keeps sessions and command ids, audits the unclean stop and marks a history gap', async () => {
    const first = await start();
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status, first.output()).toBe(200);
    const { token } = (await login.json()) as { token: string };

    // One command with a client id, verified by its read-back.
    let before = 0;
    await waitFor(
      async () => {
        const t = await call(first, `/api/tags/${TAG}`, token);
        before = t.body.value as number;
        return t.body.quality === 'Good';
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `${TAG} Good` },
    );
    const target = before < 30 ? before + 1 : before - 1;
    const command = { value: target, commandId: 'restart-proof-1' };
    const done = await call(first, `/api/tags/${TAG}/write`, token, command);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.duplicate).toBe(false);
    // The history has the first run's samples on disk before the kill.
    const firstStart = Date.now() - 60_000;
    const points = async (c: Child) => {
      const q = `tags=${TAG}&from=${new Date(firstStart).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&maxPoints=5000`;
      const h = await call(c, `/api/history?${q}`, token);
      const series = (h.body as unknown as { series: { points?: unknown[] }[] }).series?.[0];
      return (series?.points ?? []) as { ts: string; value: unknown; quality: string }[];
    };
    await waitFor(async () => (await points(first)).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 250,
      what: 'the first run to store history',
    });

    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    const second = await start();
    const secondStartedAt = Date.now();
    // The session survived: same bearer token, no new login.
    const me = await call(second, '/api/auth/me', token);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'admin', role: 'admin' });

    // The replayed command id answers the first result and sends nothing.
    const again = await call(second, `/api/tags/${TAG}/write`, token, command);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ commandId: 'restart-proof-1', duplicate: true });
    const audit = await call(second, '/api/audit?limit=10000', token);
    const rows = audit.body as unknown as AuditRow[];
    const sends = rows.filter(
      (r) =>
        r.action === 'write-send' &&
        (r.details as { commandId?: string })?.commandId === 'restart-proof-1',
    );
    expect(sends, JSON.stringify(rows.filter((r) => r.action.startsWith('write')))).toHaveLength(1);

    // Start, unclean stop (with the last heartbeat), start again.
    const system = rows.filter((r) =>
      ['gateway-start', 'unclean-stop', 'gateway-stop'].includes(r.action),
    );
    expect(system.map((r) => r.action)).toEqual(['gateway-start', 'unclean-stop', 'gateway-start']);
    const lastAlive = Date.parse(String(system[1]!.details!.lastAlive));
    expect(lastAlive).toBeLessThanOrEqual(killedAt);
    expect(lastAlive).toBeGreaterThan(firstStart);

    // The history: a Bad sample without a value between the two runs' samples.
    let marker: { ts: string; value: unknown; quality: string } | undefined;
    await waitFor(
      async () => {
        marker = (await points(second)).find(
          (p) => p.quality === 'Bad_NoCommunication' && p.value === null,
        );
        return marker !== undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'the gap marker in the history' },
    );
    const at = Date.parse(marker!.ts);
    expect(at).toBeGreaterThan(lastAlive - 1);
    expect(at).toBeLessThan(secondStartedAt);
    const all = await points(second);
    const i = all.indexOf(all.find((p) => p.ts === marker!.ts && p.value === null)!);
    // Samples of the first run before it, of the second after it: the trend breaks there.
    expect(all.slice(0, i).every((p) => Date.parse(p.ts) <= at)).toBe(true);
    expect(i).toBeGreaterThan(0);

    const stopped = second.exited;
    second.process.kill('SIGTERM');
    expect((await stopped).code, second.output()).toBe(0);
    // The clean stop is in the audit trail with its signal.
    const { key } = loadAuditKey({ dataDir, create: false, production: false });
    const store = new AuditStore({
      path: join(dataDir, 'audit.sqlite'),
      clock: { now: Date.now },
      key,
    });
    try {
      const system = store
        .query({ from: firstStart, to: Date.now() + 1000 })
        .filter((r) => r.category === 'system');
      expect(system.at(-1)).toMatchObject({ action: 'gateway-stop', reason: 'SIGTERM' });
    } finally {
      store.close();
    }
  }, 180_000);
});

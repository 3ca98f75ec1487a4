// Trends and replay against the line's embedded historian: a 3-pen trend loads from history and zooms by brush;
// replaying a past window shows the values and alarms of then on the overview, marked REPLAY.
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@zld/testkit';
import { launchChromium, noChromium, type TestBrowser } from '@zld/testkit/chromium-suite';
import {
  eventually,
  keepScreenshot,
  logIn,
  numberIn,
  openHmi,
  show,
  valueOf,
  waitForNumber,
  type HmiPage,
} from './hmi-actions.js';
import { startPilotLine, type PilotLine } from './pilot-line.js';

const ENGINEER = { username: 'erik', password: 'engineer secret 1618', role: 'engineer' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PENS = ['FIC-106', 'LIC-103', 'FIC-201'];

interface TagAnswer {
  value: number | boolean | null;
}
interface AlarmAnswer {
  id: string;
  active: boolean;
  activeSince: string | null;
}

describe.skipIf(noChromium)('trends and replay', () => {
  let line: PilotLine;
  let chromium: TestBrowser;
  let hmi: HmiPage;
  let token: string;
  /** When the line was up, when the discharge alarm rose, when the setpoint changed, when all had settled. */
  const t = { start: 0, alarm: 0, write: 0, end: 0 };
  let pastSetpoint = 0;
  const newSetpoint = 30;

  const tag = async (name: string) =>
    ((await line.api('GET', `/api/tags/${name}`, { token })).body as TagAnswer).value as number;
  const alarms = async () =>
    (await line.api('GET', '/api/alarms', { token })).body as AlarmAnswer[];

  beforeAll(async () => {
    [line, chromium] = await Promise.all([startPilotLine({ speed: 10 }), launchChromium()]);
    await line.addUser(ENGINEER.username, ENGINEER.password, ENGINEER.role);
    token = await line.login(ENGINEER.username, ENGINEER.password);
    t.start = Date.now();
    pastSetpoint = await tag('FIC-106.SP');
    await sleep(3000);

    // A past to look back on: the outfall opens (discharge alarm), then the PLS flow setpoint is raised, then the
    // operator acknowledges and the valve closes again: live, the alarm is gone and the flow is higher.
    expect(
      (await line.control('POST', '/sim/faults', { kind: 'outfall-open', target: 'XV-901' }))
        .status,
    ).toBe(201);
    const raised = await waitFor(
      async () => (await alarms()).find((a) => a.id === 'ZLD-DISCHARGE' && a.active),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the discharge alarm' },
    );
    t.alarm = Date.parse(raised.activeSince!);
    await sleep(5000);
    t.write = Date.now();
    const write = await line.api('POST', '/api/tags/FIC-106.SP/write', {
      token,
      body: { value: newSetpoint, reason: 'more PLS to SX' },
    });
    expect(write.status, JSON.stringify(write.body)).toBe(200);
    for (const id of ['ZLD-DISCHARGE', 'ZSC-901.DISCRETE']) {
      const ack = await line.api('POST', `/api/alarms/${id}/ack`, {
        token,
        body: { comment: 'seen' },
      });
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    }
    const faults = (await line.control('GET', '/sim/faults')).body as { id: string }[];
    for (const f of faults) await line.control('DELETE', `/sim/faults/${f.id}`);
    await waitFor(
      async () =>
        Math.abs((await tag('FIC-106')) - newSetpoint) < 0.5 &&
        !(await alarms()).some((a) => a.id === 'ZLD-DISCHARGE'),
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: 'the flow at its new setpoint and the alarm gone',
      },
    );
    t.end = Date.now();

    hmi = await openHmi(chromium.browser, line.url);
    await logIn(hmi.page, ENGINEER.username, ENGINEER.password);
  }, 240_000);

  afterAll(async () => {
    await hmi?.close();
    await chromium?.close();
    await line?.stop();
  }, 60_000);

  it('loads a live 3-pen trend of the last 10 minutes from history, ending at the gateway clock', async () => {
    const { page } = hmi;
    const asked = page.waitForResponse((r) => r.url().includes('/api/history?'));
    await show(page, `trends?pens=${PENS.join(',')}&span=10m&live=1`);
    const response = await asked;
    const query = new URL(response.url()).searchParams;
    const [from, to] = [Date.parse(query.get('from')!), Date.parse(query.get('to')!)];
    expect(to - from).toBe(10 * 60_000);
    // The gateway runs on wall time here: the window ends now, though the OPC UA PLC stamps its 10x clock.
    expect(Math.abs(to - Date.now())).toBeLessThan(15_000);
    const answer = (await response.json()) as {
      series: { name: string; points?: unknown[]; buckets?: unknown[] }[];
    };
    for (const s of answer.series)
      expect((s.buckets ?? s.points ?? []).length, s.name).toBeGreaterThan(5);
    const lines = page.getByTestId('trend-chart').locator('.recharts-line path.recharts-curve');
    await eventually(() => lines.count()).toBe(PENS.length);
  }, 60_000);

  it('loads a 3-pen trend from history and zooms into it with the brush', async () => {
    const { page } = hmi;
    // From a minute before the line's first values: brush zoom picks among the rows that were drawn.
    const from = new Date(t.start - 60_000).toISOString();
    const to = new Date(t.end).toISOString();
    const history = page.waitForResponse((r) => r.url().includes('/api/history?'));
    await show(page, `trends?pens=${PENS.join(',')}&from=${from}&to=${to}`);
    const answer = (await (await history).json()) as {
      series: { name: string; buckets?: unknown[]; points?: unknown[] }[];
    };
    expect(answer.series.map((s) => s.name)).toEqual(PENS);
    for (const s of answer.series)
      expect((s.buckets ?? s.points ?? []).length, s.name).toBeGreaterThan(5);

    const chart = page.getByTestId('trend-chart');
    await eventually(async () => Number(await chart.getAttribute('data-rows'))).toBeGreaterThan(10);
    // One mean line per pen, each drawn across many points.
    const lines = chart.locator('.recharts-line path.recharts-curve');
    await eventually(() => lines.count()).toBe(PENS.length);
    for (const d of await lines.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '')))
      expect(d.split(/[LC]/).length).toBeGreaterThan(5);
    await keepScreenshot(page, 'trends-from-history');

    // Zoom: drag the brush's left handle to the middle; the view (URL) narrows and history is asked again.
    const before = new URL(page.url().replace('#/', '')).searchParams;
    const handle = chart.locator('.recharts-brush-traveller').first();
    const brush = (await chart.locator('.recharts-brush').boundingBox())!;
    const box = (await handle.boundingBox())!;
    const again = page.waitForResponse((r: Response) => r.url().includes('/api/history?'));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(brush.x + brush.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await again;
    const after = new URL(page.url().replace('#/', '')).searchParams;
    expect(after.get('pens')).toBe(PENS.join(','));
    const [f0, t0] = [Date.parse(before.get('from')!), Date.parse(before.get('to')!)];
    const [f1, t1] = [Date.parse(after.get('from')!), Date.parse(after.get('to')!)];
    expect(f1).toBeGreaterThan(f0);
    expect(t1 - f1).toBeLessThan((t0 - f0) * 0.75);
    // (The HMI zooms to at least 10 s, widened around the centre of what was picked.)
    expect(t1).toBeLessThanOrEqual(t0 + 10_000);
    await eventually(async () => Number(await chart.getAttribute('data-rows'))).toBeGreaterThan(5);

    // The zoom-out control widens the window again, around its centre.
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await eventually(() => {
      const q = new URL(page.url().replace('#/', '')).searchParams;
      return Date.parse(q.get('to')!) - Date.parse(q.get('from')!);
    }).toBe((t1 - f1) * 2);
  }, 90_000);

  it('replays a past window: the overview shows the values and alarms of then, marked REPLAY', async () => {
    const { page } = hmi;
    const liveFlow = await tag('FIC-106');
    expect(Math.abs(liveFlow - newSetpoint)).toBeLessThan(0.5);

    await page
      .getByRole('navigation', { name: 'Displays' })
      .getByRole('link', { name: 'Replay' })
      .click();
    const minute = 60_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    await page.getByLabel('From (UTC)').fill(iso(Math.floor(t.start / minute) * minute - minute));
    await page.getByLabel('To (UTC)').fill(iso(Math.ceil(t.end / minute) * minute));
    await page.getByTestId('replay-load').click();
    const bar = page.getByTestId('replay-bar');
    await bar.waitFor();
    expect(await bar.innerText()).toContain('REPLAY');

    // The timeline puts the alarm changes and the operator's actions (audit trail) side by side.
    const timeline = page.getByTestId('replay-timeline');
    await eventually(() => timeline.innerText()).toMatch(
      /operator action\s+erik: write FIC-106\.SP .*- success/,
    );
    expect(await timeline.innerText()).toMatch(
      /operator action\s+erik: ack ZLD-DISCHARGE - success \(seen\)/,
    );

    // The timeline lists the alarm's rise; jump there.
    const rise = page
      .getByTestId('replay-timeline')
      .locator('tr', { hasText: 'ZLD-DISCHARGE activate' });
    await rise.getByRole('button', { name: 'Jump' }).click();
    await eventually(async () =>
      Number(await page.getByTestId('replay-cursor').getAttribute('data-t')),
    ).toBe(t.alarm);

    await page
      .getByRole('navigation', { name: 'Displays' })
      .getByRole('link', { name: 'Overview' })
      .click();
    expect(await page.locator('.shell').getAttribute('data-mode')).toBe('replay');
    expect(await bar.isVisible()).toBe(true);
    // The alarm of then, on the overview, although live it is gone.
    const topAlarm = page.locator('[data-testid="top-alarms"] tr[data-alarm-id="ZLD-DISCHARGE"]');
    await eventually(() => topAlarm.count()).toBe(1);
    expect(await topAlarm.innerText()).toContain('Unack-Active');
    expect((await alarms()).some((a) => a.id === 'ZLD-DISCHARGE')).toBe(false);
    expect(await page.getByTestId('discharge-state').getAttribute('data-state')).toBe('DETECTED');
    // The flow of then, not the live one.
    const flow = valueOf(page.locator('[aria-label="Key values per area"]'), 'FIC-106');
    const past = await waitForNumber(flow, Number.isFinite, 'the replayed FIC-106');
    expect(Math.abs(past - pastSetpoint)).toBeLessThan(1);
    expect(Math.abs(past - liveFlow)).toBeGreaterThan(3);
    await keepScreenshot(page, 'replay-overview');

    // Leaving the replay brings the live plant back.
    await page.getByTestId('replay-exit').click();
    await eventually(() => page.locator('.shell').getAttribute('data-mode')).toBe('live');
    await waitForNumber(flow, (n) => Math.abs(n - newSetpoint) < 1, 'the live FIC-106 again');
    await eventually(() => topAlarm.count()).toBe(0);
    expect(await numberIn(flow)).not.toBe(past);
    expect(hmi.errors).toEqual([]);
  }, 90_000);
});

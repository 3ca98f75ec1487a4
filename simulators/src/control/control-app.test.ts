import { loadPlant } from '@zld/protocols';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultBook } from '../core/fault-book.js';
import { FAULT_KINDS, type FaultSpec } from '../core/faults.js';
import { SimRunner } from '../core/sim-runner.js';
import { Simulator } from '../core/simulator.js';
import { PlantSim } from '../plant/plant-sim.js';
import { protocols } from '@zld/protocols';
import { buildControlApp } from './control-app.js';

const plant = loadPlant();
const TOKEN = 'control-app-test-token';
const START = Date.parse('2030-01-01T00:00:00Z');

/**
 * The real runtime pieces around one process model (built once: it takes a second), with servers that
 * are never started (the app does not need sockets). Every test clears the process faults it starts.
 */
function simulator(plantSim: PlantSim): Simulator {
  const runner = new SimRunner({
    plant: plantSim,
    clockTags: plant.plcs.map((p) => p.clockTag),
    startEpochMs: START,
    monotonicMs: () => 0,
  });
  const servers = plant.plcs.map((plc) =>
    protocols.createServer(plc, {
      plant,
      source: runner,
      host: '127.0.0.1',
      port: 0,
      pkiDir: 'unused',
      log: () => undefined,
    }),
  );
  for (const s of servers) s.refresh();
  return new Simulator(runner, servers, new FaultBook(plantSim, servers, () => runner.simTimeMs()));
}

/** One valid request per fault kind (targets as the process model names them). */
const EXAMPLES: Record<(typeof FAULT_KINDS)[number], FaultSpec> = {
  leak: { kind: 'leak', target: 'TK-402', magnitude: 5 },
  'outfall-open': { kind: 'outfall-open', target: 'XV-901' },
  'sensor-drift': { kind: 'sensor-drift', target: 'FT-001', magnitude: 2 },
  'sensor-stuck': { kind: 'sensor-stuck', target: 'LT-002' },
  'sensor-noise': { kind: 'sensor-noise', target: 'FIC-405', magnitude: 1 },
  'pump-trip': { kind: 'pump-trip', target: 'P-405' },
  'vent-loss': { kind: 'vent-loss', target: 'EV-500', magnitude: 10 },
  'carry-over': { kind: 'carry-over', target: 'EV-500', magnitude: 50 },
  'centrifuge-imbalance': { kind: 'centrifuge-imbalance', target: 'CF-610', magnitude: 2 },
  fouling: { kind: 'fouling', target: 'EV-500', magnitude: 30 },
  foaming: { kind: 'foaming', target: 'EV-500', magnitude: 50 },
  'plc-offline': { kind: 'plc-offline', target: 'PLC-100' },
  'plc-slow': { kind: 'plc-slow', target: 'PLC-300', magnitude: 200 },
  'modbus-exception': { kind: 'modbus-exception', target: 'PLC-100', magnitude: 6 },
};

describe('control API', () => {
  let plantSim: PlantSim;
  let sim: Simulator;
  let app: ReturnType<typeof buildControlApp>;
  beforeAll(() => {
    plantSim = new PlantSim({ plant });
  });
  beforeEach(() => {
    sim = simulator(plantSim);
    app = buildControlApp(sim, { token: TOKEN });
  });
  afterEach(() => app.close());

  /** A request with the token. */
  const call = (o: InjectOptions) =>
    app.inject({ ...o, headers: { authorization: `Bearer ${TOKEN}`, ...o.headers } });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['another scheme', `Basic ${TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 to %s, before any route or body check', async (_what, authorization) => {
    const headers = authorization === undefined ? {} : { authorization };
    for (const [method, url] of [
      ['GET', '/sim/state'],
      ['POST', '/sim/speed'],
      ['GET', '/sim/nothing'],
    ] as const) {
      const res = await app.inject({ method, url, headers, payload: { factor: 50 } });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expect(sim.speed).toBe(1);
  });

  it('refuses a token shorter than 16 characters', () => {
    expect(() => buildControlApp(sim, { token: 'short' })).toThrow(/16 characters/);
  });

  it('GET /sim/state answers simulated time, true tag values, tanks, balance and the PLCs', async () => {
    const res = await call({ method: 'GET', url: '/sim/state' });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.time).toBe('2030-01-01T00:00:00.000Z');
    expect(s.speed).toBe(1);
    expect(typeof s.tags['LIC-402']).toBe('number');
    expect(typeof s.tags['P-405.RUN']).toBe('boolean');
    expect(s.tanks['TK-402'].waterKg).toBeGreaterThan(0);
    expect(s.balance).toBeTypeOf('object');
    expect(s.plcs.map((p: { plcId: string }) => p.plcId)).toEqual([
      'PLC-100',
      'PLC-200',
      'PLC-300',
    ]);
    expect(s.plcs[0].endpoint.protocol).toBe('modbus');
  });

  it('POST /sim/speed sets the speed factor', async () => {
    const res = await call({ method: 'POST', url: '/sim/speed', payload: { factor: 25 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ factor: 25 });
    expect(sim.speed).toBe(25);
    expect((await call({ method: 'GET', url: '/sim/state' })).json().speed).toBe(25);
  });

  it.each([
    ['an unknown field', { factor: 2, extra: true }],
    ['a string', { factor: 'fast' }],
    ['a negative factor', { factor: -1 }],
    ['a factor above 1000', { factor: 5000 }],
    ['no factor', {}],
  ])('POST /sim/speed refuses %s with 400', async (_what, payload) => {
    const res = await call({ method: 'POST', url: '/sim/speed', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(typeof res.json().error.message).toBe('string');
    expect(sim.speed).toBe(1);
  });

  it('refuses a body that is not JSON with a 4xx in the error shape', async () => {
    const res = await call({
      method: 'POST',
      url: '/sim/speed',
      headers: { 'content-type': 'application/json' },
      payload: '{"factor":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBeTypeOf('string');
  });

  it('accepts, lists and clears every fault kind', async () => {
    const ids: string[] = [];
    for (const kind of FAULT_KINDS) {
      const res = await call({ method: 'POST', url: '/sim/faults', payload: EXAMPLES[kind] });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(201);
      ids.push(res.json().id);
    }
    const list = (await call({ method: 'GET', url: '/sim/faults' })).json();
    expect(list.map((f: { kind: string }) => f.kind)).toEqual([...FAULT_KINDS]);
    expect(list[0]).toMatchObject({ ...EXAMPLES.leak, startedAt: '2030-01-01T00:00:00.000Z' });
    expect(sim.state().plcs[0]!.faults).toEqual({ offline: true, slowMs: 0, exceptionCode: 6 });
    for (const id of ids) {
      const res = await call({ method: 'DELETE', url: `/sim/faults/${id}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id });
    }
    expect((await call({ method: 'GET', url: '/sim/faults' })).json()).toEqual([]);
    expect(sim.state().plcs[0]!.faults).toEqual({ offline: false, slowMs: 0, exceptionCode: null });
  });

  it('reports the expiry of a fault with a duration', async () => {
    const res = await call({
      method: 'POST',
      url: '/sim/faults',
      payload: { kind: 'plc-slow', target: 'PLC-100', magnitude: 100, durationS: 30 },
    });
    const [f] = (await call({ method: 'GET', url: '/sim/faults' })).json();
    expect(f).toMatchObject({ id: res.json().id, expiresAt: '2030-01-01T00:00:30.000Z' });
  });

  it.each([
    ['an unknown kind', { kind: 'meteor', target: 'TK-402' }],
    ['no target', { kind: 'leak' }],
    ['an empty target', { kind: 'leak', target: '' }],
    ['an unknown field', { kind: 'leak', target: 'TK-402', colour: 'red' }],
    ['a zero duration', { kind: 'leak', target: 'TK-402', durationS: 0 }],
    ['a string magnitude', { kind: 'leak', target: 'TK-402', magnitude: '5' }],
  ])('POST /sim/faults refuses %s with 400', async (_what, payload) => {
    const res = await call({ method: 'POST', url: '/sim/faults', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(sim.listFaults()).toEqual([]);
  });

  it.each([
    ['a Modbus exception on the OPC UA PLC', { kind: 'modbus-exception', target: 'PLC-200' }],
    ['a protocol fault on no PLC', { kind: 'plc-offline', target: 'TK-402' }],
    [
      'an exception code out of range',
      { kind: 'modbus-exception', target: 'PLC-100', magnitude: 300 },
    ],
    ['a leak on a pump', { kind: 'leak', target: 'P-405', magnitude: 5 }],
  ])('POST /sim/faults refuses %s with 400 BAD_FAULT', async (_what, payload) => {
    const res = await call({ method: 'POST', url: '/sim/faults', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_FAULT');
  });

  it('answers 404 in the error shape for an unknown fault or route', async () => {
    const res = await call({ method: 'DELETE', url: '/sim/faults/F-999' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no fault F-999' } });
    const r2 = await call({ method: 'GET', url: '/sim/nothing' });
    expect(r2.statusCode).toBe(404);
    expect(r2.json().error.code).toBe('NOT_FOUND');
  });
});

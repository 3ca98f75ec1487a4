// The simulator control API over HTTP, and the protocol faults as clients on real sockets see them.
import { connect as tcpConnect } from 'node:net';
import type { ModbusAddress } from '@zld/protocols';
import { FAULT_KINDS, type FaultSpec, type RunningSimulators } from '@zld/simulators';
import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeModbus,
  http,
  modbusClient,
  plant,
  simState,
  startTestSimulators,
  waitFor,
  type ModbusClient,
} from './sim-helpers.js';

/** A request for each fault kind, with targets as the pilot plant names them. */
const EXAMPLES: Record<(typeof FAULT_KINDS)[number], FaultSpec> = {
  leak: { kind: 'leak', target: 'TK-402', magnitude: 5 },
  'outfall-open': { kind: 'outfall-open', target: 'XV-901' },
  'sensor-drift': { kind: 'sensor-drift', target: 'FT-001', magnitude: 2 },
  'sensor-stuck': { kind: 'sensor-stuck', target: 'LIC-402' },
  'sensor-noise': { kind: 'sensor-noise', target: 'FIC-405', magnitude: 1 },
  'pump-trip': { kind: 'pump-trip', target: 'P-405' },
  'vent-loss': { kind: 'vent-loss', target: 'EV-500', magnitude: 10 },
  'carry-over': { kind: 'carry-over', target: 'EV-500', magnitude: 50 },
  'centrifuge-imbalance': { kind: 'centrifuge-imbalance', target: 'CF-610', magnitude: 2 },
  fouling: { kind: 'fouling', target: 'EV-500', magnitude: 30 },
  foaming: { kind: 'foaming', target: 'EV-500', magnitude: 50 },
  'plc-offline': { kind: 'plc-offline', target: 'PLC-300' },
  'plc-slow': { kind: 'plc-slow', target: 'PLC-300', magnitude: 50 },
  'modbus-exception': { kind: 'modbus-exception', target: 'PLC-300', magnitude: 6 },
};

const TIC_101 = (plant.tag('TIC-101').address as ModbusAddress).address;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

describe('simulator control API and protocol faults', () => {
  let sim: RunningSimulators;
  let modbus: ModbusClient;

  const post = (path: string, body: unknown) =>
    http<{ id: string }>(sim.controlUrl, 'POST', path, body);
  const del = (id: string) => http(sim.controlUrl, 'DELETE', `/sim/faults/${id}`);

  beforeAll(async () => {
    sim = await startTestSimulators({ speed: 1 });
    modbus = await modbusClient(sim.endpoints['PLC-100']!.port, 1, 600);
  });
  afterAll(async () => {
    await closeModbus(modbus);
    await sim?.stop();
  });

  it('changes the speed of simulated time', async () => {
    const res = await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 50 });
    expect(res).toEqual({ status: 200, body: { factor: 50 } });
    const t0 = Date.parse((await simState(sim)).time);
    await new Promise((r) => setTimeout(r, 1000));
    const t1 = Date.parse((await simState(sim)).time);
    // 50 s at full pace; a loaded machine may run the plant slower (the runner drops what it cannot do)
    expect(t1 - t0).toBeGreaterThan(10_000);
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 1 });
    expect((await simState(sim)).speed).toBe(1);
  });

  it('accepts, lists and clears every fault kind', async () => {
    const ids: string[] = [];
    for (const kind of FAULT_KINDS) {
      const res = await post('/sim/faults', EXAMPLES[kind]);
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(201);
      ids.push(res.body.id);
    }
    const list = await http<{ id: string; kind: string }[]>(sim.controlUrl, 'GET', '/sim/faults');
    expect(list.body.map((f) => f.kind)).toEqual([...FAULT_KINDS]);
    for (const id of ids) expect((await del(id)).status).toBe(200);
    expect((await http(sim.controlUrl, 'GET', '/sim/faults')).body).toEqual([]);
  });

  it('answers 400 for bad bodies and 404 for unknown faults', async () => {
    expect((await post('/sim/faults', { kind: 'leak', target: 'TK-402', extra: 1 })).status).toBe(
      400,
    );
    expect((await post('/sim/faults', { kind: 'flood', target: 'TK-402' })).status).toBe(400);
    expect((await post('/sim/speed', { factor: -2 })).status).toBe(400);
    const res = await del('F-does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('modbus-exception answers every request with the given code, until cleared', async () => {
    const f = await post('/sim/faults', {
      kind: 'modbus-exception',
      target: 'PLC-100',
      magnitude: 6,
    });
    await expect(modbus.readHoldingRegisters(TIC_101, 2)).rejects.toMatchObject({ modbusCode: 6 });
    await expect(modbus.readCoils(0, 1)).rejects.toMatchObject({ modbusCode: 6 });
    await del(f.body.id);
    expect((await modbus.readHoldingRegisters(TIC_101, 2)).data).toHaveLength(2);
  });

  it('plc-slow adds the given delay to every reply', async () => {
    const f = await post('/sim/faults', { kind: 'plc-slow', target: 'PLC-100', magnitude: 300 });
    const read = await timed(() => modbus.readHoldingRegisters(TIC_101, 2));
    const cmd = (plant.tag('P-103.CMD').address as ModbusAddress).address;
    const running = (await modbus.readCoils(cmd, 1)).data[0]!;
    const write = await timed(() => modbus.writeCoil(cmd, running));
    await del(f.body.id);
    expect(read).toBeGreaterThanOrEqual(300);
    expect(write).toBeGreaterThanOrEqual(300);
  });

  it('plc-offline stops a Modbus PLC answering (the client times out), until cleared', async () => {
    const f = await post('/sim/faults', { kind: 'plc-offline', target: 'PLC-100' });
    await expect(modbus.readHoldingRegisters(TIC_101, 2)).rejects.toMatchObject({
      message: expect.stringMatching(/timed out/i),
    });
    await del(f.body.id);
    expect((await modbus.readHoldingRegisters(TIC_101, 2)).data).toHaveLength(2);
  });

  it('a fault with a duration clears itself in simulated time', async () => {
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 100 });
    const f = await post('/sim/faults', {
      kind: 'plc-slow',
      target: 'PLC-300',
      magnitude: 10,
      durationS: 30,
    });
    expect(f.status).toBe(201);
    await waitFor('the fault to expire', async () => {
      const list = await http<{ id: string }[]>(sim.controlUrl, 'GET', '/sim/faults');
      return !list.body.some((x) => x.id === f.body.id);
    });
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 1 });
  });

  it('a scheduled fault fires at its simulated time to within one simulation step, and a ramp grows', async () => {
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 100 });
    const f = await post('/sim/faults', {
      kind: 'sensor-drift',
      target: 'FT-509',
      magnitude: -3,
      atS: 120,
      shape: 'ramp',
      rampS: 600,
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    type Listed = {
      id: string;
      state: string;
      startsAt: string;
      startedAt?: string;
      currentMagnitude?: number;
    };
    const listed = async () =>
      (await http<Listed[]>(sim.controlUrl, 'GET', '/sim/faults')).body.find(
        (x) => x.id === f.body.id,
      )!;
    expect((await listed()).state).toBe('scheduled');
    await waitFor('the fault to start', async () => (await listed()).state === 'active');
    const { startsAt, startedAt } = await listed();
    const lateMs = Date.parse(startedAt!) - Date.parse(startsAt);
    const stepMs = (await simState(sim)).stepS * 1000;
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThanOrEqual(stepMs);
    await waitFor('the ramp to grow', async () => ((await listed()).currentMagnitude ?? 0) < -0.5);
    expect((await listed()).currentMagnitude).toBeGreaterThanOrEqual(-3);
    expect((await del(f.body.id)).status).toBe(200);
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 1 });
  });

  it('plc-offline stops the OPC UA server, and clearing it starts it again on the same port', async () => {
    const ep = sim.endpoints['PLC-200']!;
    expect(await portOpen(ep.port)).toBe(true);
    const f = await post('/sim/faults', { kind: 'plc-offline', target: 'PLC-200' });
    expect(f.status).toBe(201);
    expect(await portOpen(ep.port)).toBe(false);
    expect((await simState(sim)).plcs.find((p) => p.plcId === 'PLC-200')!.listening).toBe(false);
    expect((await del(f.body.id)).status).toBe(200);
    expect(await portOpen(ep.port)).toBe(true);

    const client = OPCUAClient.create({
      endpointMustExist: false,
      securityMode: MessageSecurityMode.None,
      securityPolicy: SecurityPolicy.None,
      connectionStrategy: { maxRetry: 0 },
    });
    await client.connect(ep.url);
    const session = await client.createSession();
    try {
      const ns = (await session.readNamespaceArray()).indexOf(ep.namespaceUri!);
      const read = () =>
        session.read({ nodeId: `ns=${ns};s=TK-402.LIC-402`, attributeId: AttributeIds.Value });
      expect((await read()).statusCode.name).toBe('Good');

      const slow = await post('/sim/faults', {
        kind: 'plc-slow',
        target: 'PLC-200',
        magnitude: 300,
      });
      const t = await timed(read);
      await del(slow.body.id);
      expect(t).toBeGreaterThanOrEqual(300);
    } finally {
      await session.close();
      await client.disconnect();
    }
  });
});

// Debian's mbpoll reads the simulated Modbus PLCs; a modbus-serial client writes to them and the plant moves.
import type { TagDef } from '@zld/plant';
import { modbusSettingsOf, type ModbusAddress } from '@zld/protocols';
import type { RunningSimulators } from '@zld/simulators';
import { TagCodec } from '@zld/tags';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeModbus,
  ensureMbpoll,
  http,
  mbpoll,
  modbusClient,
  plant,
  readingError,
  settle,
  simState,
  startTestSimulators,
  tolerance,
  waitFor,
  type ModbusClient,
} from './sim-helpers.js';

interface Mapped {
  tag: TagDef;
  address: number;
}

/** The PLC's tags in one Modbus table with one data type, in address order. */
function mapped(
  plcId: string,
  table: ModbusAddress['table'],
  types: TagDef['dataType'][],
): Mapped[] {
  return plant
    .tagsOfPlc(plcId)
    .filter((t) => t.address && 'table' in t.address && t.address.table === table)
    .filter((t) => types.includes(t.dataType))
    .map((t) => ({ tag: t, address: (t.address as ModbusAddress).address }))
    .sort((a, b) => a.address - b.address);
}

/** Splits tags into runs mbpoll can read in one request (each next tag `width` registers further on). */
function runs(tags: Mapped[], width: number): Mapped[][] {
  const out: Mapped[][] = [];
  for (const m of tags) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && m.address === prev.address + width && last.length < 60) last.push(m);
    else out.push([m]);
  }
  return out;
}

/** Word order flag: mbpoll's default is little-endian word order; -B asks for big-endian. */
function wordOrderFlag(plcId: string): string[] {
  return modbusSettingsOf(plant.plcById.get(plcId)!).wordOrder === 'big' ? ['-B'] : [];
}

function codec(name: string): TagCodec {
  const t = plant.tag(name);
  const m = modbusSettingsOf(plant.plcById.get(t.plc!)!);
  return new TagCodec(t, { byteOrder: m.byteOrder, wordOrder: m.wordOrder });
}

function addressOf(name: string): number {
  return (plant.tag(name).address as ModbusAddress).address;
}

describe('simulated Modbus PLCs read with mbpoll', () => {
  let sim: RunningSimulators;
  const clients: ModbusClient[] = [];

  async function client(plcId: string): Promise<ModbusClient> {
    const c = await modbusClient(
      sim.endpoints[plcId]!.port,
      modbusSettingsOf(plant.plcById.get(plcId)!).unitId,
    );
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    ensureMbpoll();
    sim = await startTestSimulators({ speed: 1 });
    await settle(sim);
  });
  afterAll(async () => {
    for (const c of clients) await closeModbus(c);
    await sim?.stop();
  });

  for (const plcId of ['PLC-100', 'PLC-300']) {
    it(`${plcId}: float32 holding registers match the ground truth`, async () => {
      const port = sim.endpoints[plcId]!.port;
      let checked = 0;
      for (const run of runs(mapped(plcId, 'holding', ['float32']), 2)) {
        const start = run[0]!.address;
        const values = await mbpoll(port, [
          '-r',
          String(start),
          '-c',
          String(run.length),
          '-t',
          '4:float',
          ...wordOrderFlag(plcId),
        ]);
        const truth = (await simState(sim)).tags;
        for (const m of run) {
          const v = values.get(m.address);
          expect(v, `${m.tag.name} at ${m.address}`).toBeDefined();
          expect(readingError(m.tag.name, v!, truth[m.tag.name]!), m.tag.name).toBeLessThanOrEqual(
            tolerance(m.tag.name),
          );
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });

    it(`${plcId}: scaled 16-bit registers match the ground truth`, async () => {
      const port = sim.endpoints[plcId]!.port;
      for (const m of mapped(plcId, 'holding', ['int16', 'uint16'])) {
        const values = await mbpoll(port, ['-r', String(m.address), '-c', '1', '-t', '4']);
        const raw = values.get(m.address)!;
        const eu = codec(m.tag.name).decodeRegisters([raw & 0xffff], 0);
        const truth = (await simState(sim)).tags[m.tag.name]!;
        expect(readingError(m.tag.name, eu, truth), m.tag.name).toBeLessThanOrEqual(
          tolerance(m.tag.name),
        );
      }
    });

    it(`${plcId}: coils and discrete inputs match the ground truth`, async () => {
      const port = sim.endpoints[plcId]!.port;
      for (const [table, type] of [
        ['coil', '0'],
        ['discrete', '1'],
      ] as const) {
        const tags = mapped(plcId, table, ['bool']);
        const values = await mbpoll(port, ['-r', '0', '-c', String(tags.length), '-t', type]);
        const truth = (await simState(sim)).tags;
        for (const m of tags)
          expect(values.get(m.address) === 1, m.tag.name).toBe(truth[m.tag.name] === true);
      }
    });
  }

  it('PLC-300: a uint32 totaliser reads as a 32-bit integer in little word order', async () => {
    const a = addressOf('FQ-001');
    const values = await mbpoll(sim.endpoints['PLC-300']!.port, [
      '-r',
      String(a),
      '-c',
      '1',
      '-t',
      '4:int',
    ]);
    const truth = Number((await simState(sim)).tags['FQ-001']);
    expect(Math.abs(codec('FQ-001').toRaw(truth) - values.get(a)!)).toBeLessThanOrEqual(10);
  });

  it('publishes each PLC clock as float64 simulated epoch seconds', async () => {
    for (const plcId of ['PLC-100', 'PLC-300']) {
      const c = await client(plcId);
      const clockTag = plant.plcById.get(plcId)!.clockTag!;
      const r = await c.readHoldingRegisters(addressOf(clockTag), 4);
      const clock = codec(clockTag).decodeRegisters(r.data, 0);
      const simS = Date.parse((await simState(sim)).time) / 1000;
      expect(Math.abs(clock - simS)).toBeLessThan(2);
    }
  });

  it('answers exception 02 for unmapped reads and read-only writes', async () => {
    const c = await client('PLC-100');
    const end = Math.max(...plant.tagsOfPlc('PLC-100').map((t) => addressOf(t.name) + 2));
    await expect(c.readHoldingRegisters(end + 10, 2)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(c.readCoils(100, 1)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(
      c.writeRegisters(addressOf('FIC-106'), codec('FIC-106').encode(5)),
    ).rejects.toMatchObject({ modbusCode: 2 });
    await expect(c.writeRegister(addressOf('KI-100'), 0)).rejects.toMatchObject({ modbusCode: 2 });
  });

  it('PLC-100: a setpoint written with FC16 moves the loop', async () => {
    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 20 });
    const c = await client('PLC-100');
    const before = Number((await simState(sim)).tags['FIC-106']);
    const target = Math.round(before * 0.8 * 100) / 100;
    await c.writeRegisters(addressOf('FIC-106.SP'), codec('FIC-106.SP').encode(target));
    const r = await c.readHoldingRegisters(addressOf('FIC-106.SP'), 2);
    expect(codec('FIC-106.SP').decodeRegisters(r.data, 0)).toBeCloseTo(target, 4);
    expect(Number((await simState(sim)).tags['FIC-106.SP'])).toBeCloseTo(target, 4);
    await waitFor('FIC-106 to follow its setpoint', async () => {
      const pv = Number((await simState(sim)).tags['FIC-106']);
      return Math.abs(pv - target) < 0.2 * Math.abs(before - target) + tolerance('FIC-106');
    });
  });

  it('PLC-300: a setpoint written in little word order reaches the plant intact', async () => {
    const c = await client('PLC-300');
    const sp = Number((await simState(sim)).tags['FIC-703.SP']);
    const target = Math.round((sp + 1.25) * 100) / 100;
    await c.writeRegisters(addressOf('FIC-703.SP'), codec('FIC-703.SP').encode(target));
    expect(Number((await simState(sim)).tags['FIC-703.SP'])).toBeCloseTo(target, 4);
  });

  it('PLC-100: a pump stop command (FC05) stops the pump and its flow', async () => {
    const c = await client('PLC-100');
    expect((await simState(sim)).tags['P-106.RUN']).toBe(true);
    await c.writeCoil(addressOf('P-106.CMD'), false);
    await waitFor('P-106 to stop', async () => (await simState(sim)).tags['P-106.RUN'] === false);
    const di = await c.readDiscreteInputs(addressOf('P-106.RUN'), 1);
    expect(di.data[0]).toBe(false);
    await waitFor('the PLS feed FIC-106 to fall to zero', async () => {
      return Number((await simState(sim)).tags['FIC-106']) < tolerance('FIC-106');
    });
  });
});

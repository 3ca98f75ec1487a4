// The software PLCs hold their interlocks against any client: Debian's mbpoll, with no login, cannot open the outfall.
import type { ModbusAddress } from '@zld/protocols';
import type { RunningSimulators } from '@zld/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureMbpoll,
  http,
  mbpoll,
  mbpollWriteCoils,
  plant,
  simState,
  startTestSimulators,
  waitFor,
} from './sim-helpers.js';

const ref = (tag: string): number => (plant.tag(tag).address as ModbusAddress).address;

describe('PLC interlocks against a Modbus client with no login', () => {
  let sim: RunningSimulators;
  let port: number;
  /** One bit of PLC-300 read by mbpoll: 0 or 1. */
  const bit = async (table: '0' | '1', tag: string) =>
    (await mbpoll(port, ['-t', table, '-r', String(ref(tag)), '-c', '1'])).get(ref(tag));

  beforeAll(async () => {
    ensureMbpoll();
    sim = await startTestSimulators({ speed: 10 });
    port = sim.endpoints['PLC-300']!.port;
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('refuses coil 3 of PLC-300 (XV-901 open) with exception 03, keeps ZSC-901 closed and latches UA-300', async () => {
    expect(ref('XV-901.CMD')).toBe(3);
    expect(await bit('1', 'ZSC-901')).toBe(1);
    expect(await bit('0', 'UA-300')).toBe(0);

    const single = await mbpollWriteCoils(port, 3, [1]); // function 05
    expect(single.code, single.output).not.toBe(0);
    expect(single.output).toMatch(/illegal data value/i);
    const multiple = await mbpollWriteCoils(port, 3, [1, 0]); // function 15
    expect(multiple.code, multiple.output).not.toBe(0);

    // Ten simulated seconds later (the valve's stroke is a few seconds) it is still closed, and nothing flowed.
    const t0 = Date.parse((await simState(sim)).time);
    await waitFor('10 simulated seconds', async () => {
      return Date.parse((await simState(sim)).time) - t0 >= 10_000;
    });
    expect(await bit('0', 'XV-901.CMD')).toBe(0);
    expect(await bit('1', 'ZSC-901')).toBe(1);
    const truth = (await simState(sim)).tags;
    expect(truth['ZSC-901']).toBe(true);
    expect(truth['XV-901.CMD']).toBe(false);
    expect(truth['FT-901']).toBe(0);

    // The PLC flags the refused writes until someone resets the flag (writing 0).
    expect(await bit('0', 'UA-300')).toBe(1);
    expect(truth['UA-300']).toBe(true);
    expect((await mbpollWriteCoils(port, ref('UA-300'), [0])).code).toBe(0);
    expect(await bit('0', 'UA-300')).toBe(0);
  });

  it('still lets a client write what no interlock blocks (XV-901 close, the sump pump)', async () => {
    const close = await mbpollWriteCoils(port, 3, [0]);
    expect(close.code, close.output).toBe(0);
    expect(await bit('0', 'UA-300')).toBe(0);
  });

  it('answers 401 to a control API call without the token, and works with it', async () => {
    expect((await http(sim.controlUrl, 'GET', '/sim/state', undefined, null)).status).toBe(401);
    const fault = { kind: 'outfall-open', target: 'XV-901' };
    expect((await http(sim.controlUrl, 'POST', '/sim/faults', fault, null)).status).toBe(401);
    expect((await http(sim.controlUrl, 'GET', '/sim/faults')).body).toEqual([]);
    expect((await http(sim.controlUrl, 'GET', '/sim/state')).status).toBe(200);
  });
});

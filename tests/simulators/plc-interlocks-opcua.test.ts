// The OPC UA PLC holds a plc interlock against a plain OPC UA client as the Modbus PLCs do: BadInvalidState, flagged.
import { buildPlant } from '@zld/plant';
import { loadPlant, opcuaSettingsOf, type OpcuaAddress } from '@zld/protocols';
import type { RunningSimulators } from '@zld/simulators';
import { AttributeIds, type ClientSession, DataType, OPCUAClient, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simState, startTestSimulators } from './sim-helpers.js';

/** The pilot plant with one more interlock on PLC-200, always active: the evaporator feed pump may not stop. */
function testPlant() {
  const file = loadPlant().file;
  return buildPlant({
    ...file,
    interlocks: [
      ...file.interlocks,
      {
        id: 'IL-TEST-405',
        description: 'Test: the evaporator feed pump may not be stopped',
        when: { always: true },
        actions: [],
        blocks: [{ tag: 'P-405.CMD', value: false }],
        reason: 'Test: P-405 keeps running.',
        enforcedBy: ['plc'],
      },
    ],
  });
}

describe('PLC interlocks against an OPC UA client (PLC-200)', () => {
  const plant = testPlant();
  let sim: RunningSimulators;
  let client: OPCUAClient;
  let session: ClientSession;
  let ns: number;
  const id = (name: string) => `ns=${ns};s=${(plant.tag(name).address as OpcuaAddress).node}`;
  const write = (name: string, value: boolean) =>
    session.write({
      nodeId: id(name),
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Boolean, value } },
    });

  beforeAll(async () => {
    sim = await startTestSimulators({ plant, speed: 1 });
    client = OPCUAClient.create({
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    });
    await client.connect(sim.endpoints['PLC-200']!.url);
    session = await client.createSession();
    ns = (await session.readNamespaceArray()).indexOf(
      opcuaSettingsOf(plant.plcById.get('PLC-200')!).namespaceUri!,
    );
  });
  afterAll(async () => {
    await session?.close();
    await client?.disconnect();
    await sim?.stop();
  });

  it('refuses the blocked value with BadInvalidState, keeps the pump running and latches UA-200', async () => {
    expect((await simState(sim)).tags['UA-200']).toBe(false);
    expect(await write('P-405.CMD', false)).toEqual(StatusCodes.BadInvalidState);
    const truth = (await simState(sim)).tags;
    expect(truth['P-405.CMD']).toBe(true);
    expect(truth['UA-200']).toBe(true);
    expect(truth['UA-300']).toBe(false);
    expect((await write('P-405.CMD', true)).name).toBe('Good');
    expect(await write('UA-200', true)).toEqual(StatusCodes.BadInvalidState);
    expect((await write('UA-200', false)).name).toBe('Good');
    expect((await simState(sim)).tags['UA-200']).toBe(false);
  });
});

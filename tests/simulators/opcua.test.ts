// A node-opcua client browses, reads and writes the simulated OPC UA PLC (PLC-200); the plant follows.
import type { TagDef } from '@zld/plant';
import { opcuaSettingsOf, type OpcuaAddress } from '@zld/protocols';
import type { RunningSimulators } from '@zld/simulators';
import {
  AttributeIds,
  DataType,
  makeBrowsePath,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  http,
  plant,
  readingError,
  settle,
  simState,
  startTestSimulators,
  tolerance,
  waitFor,
} from './sim-helpers.js';

const PLC = 'PLC-200';
const START = Date.parse('2030-06-01T00:00:00Z');
/** AnalogItemType, i=2368 in namespace 0. */
const ANALOG_ITEM_TYPE = 'ns=0;i=2368';

const tags = plant.tagsOfPlc(PLC);
const addr = (t: TagDef) => t.address as OpcuaAddress;

async function connect(
  url: string,
  securityMode = MessageSecurityMode.None,
  securityPolicy = SecurityPolicy.None,
): Promise<{ client: OPCUAClient; session: ClientSession }> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    securityMode,
    securityPolicy,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
  });
  await client.connect(url);
  const session = await client.createSession();
  return { client, session };
}

describe('simulated OPC UA PLC (PLC-200)', () => {
  let sim: RunningSimulators;
  let client: OPCUAClient;
  let session: ClientSession;
  let ns: number;
  const id = (name: string) => `ns=${ns};s=${addr(plant.tag(name)).node}`;

  beforeAll(async () => {
    sim = await startTestSimulators({ speed: 1, startEpochMs: START });
    await settle(sim);
    ({ client, session } = await connect(sim.endpoints[PLC]!.url));
    ns = (await session.readNamespaceArray()).indexOf(
      opcuaSettingsOf(plant.plcById.get(PLC)!).namespaceUri!,
    );
  });
  afterAll(async () => {
    await session?.close();
    await client?.disconnect();
    await sim?.stop();
  });

  it('registers the namespace of the plant file', () => {
    expect(ns).toBeGreaterThan(0);
  });

  it('offers None and Basic256Sha256 Sign / SignAndEncrypt endpoints', async () => {
    const eps = await client.getEndpoints();
    const offered = eps.map((e) => `${MessageSecurityMode[e.securityMode]} ${e.securityPolicyUri}`);
    expect(offered).toContain(`None ${SecurityPolicy.None}`);
    expect(offered).toContain(`Sign ${SecurityPolicy.Basic256Sha256}`);
    expect(offered).toContain(`SignAndEncrypt ${SecurityPolicy.Basic256Sha256}`);
  });

  it('has a folder per equipment holding that equipment’s tags', async () => {
    const objects = await session.browse('ns=0;i=85');
    const root = objects.references!.find((r) => r.browseName.name === PLC);
    expect(root).toBeDefined();
    const folders = await session.browse(root!.nodeId.toString());
    const byName = new Map(
      folders.references!.map((r) => [r.browseName.name!, r.nodeId.toString()] as const),
    );
    expect([...byName.keys()].sort()).toEqual([...new Set(tags.map((t) => addr(t).folder))].sort());
    for (const [folder, nodeId] of byName) {
      const children = await session.browse(nodeId);
      expect(children.references!.map((r) => r.browseName.name).sort(), folder).toEqual(
        tags
          .filter((t) => addr(t).folder === folder)
          .map((t) => t.name)
          .sort(),
      );
    }
  });

  it('exposes analog tags as AnalogItemType with EURange and EngineeringUnits', async () => {
    const analog = tags.filter((t) => t.dataType.startsWith('float'));
    expect(analog.length).toBeGreaterThan(10);
    for (const t of analog) {
      const refs = await session.browse({
        nodeId: id(t.name),
        referenceTypeId: 'HasTypeDefinition',
        resultMask: 63,
      });
      expect(refs.references![0]!.nodeId.toString(), t.name).toBe(ANALOG_ITEM_TYPE);
      const paths = await session.translateBrowsePath([
        makeBrowsePath(id(t.name), '.EURange'),
        makeBrowsePath(id(t.name), '.EngineeringUnits'),
      ]);
      const [range, units] = await session.read(
        paths.map((p) => ({ nodeId: p.targets![0]!.targetId, attributeId: AttributeIds.Value })),
      );
      expect(range!.value.value, t.name).toMatchObject({ low: t.range[0], high: t.range[1] });
      expect(units!.value.value.displayName.text, t.name).toBe(t.unit);
    }
  });

  it('reads values that follow the ground truth, with simulated source timestamps', async () => {
    const results = await session.read(
      tags.map((t) => ({ nodeId: id(t.name), attributeId: AttributeIds.Value })),
    );
    const state = await simState(sim);
    const simMs = Date.parse(state.time);
    expect(simMs).toBeGreaterThanOrEqual(START);
    tags.forEach((t, i) => {
      const dv = results[i]!;
      expect(dv.statusCode.isGoodish(), `${t.name} ${dv.statusCode.name}`).toBe(true);
      const ts = dv.sourceTimestamp!.getTime();
      expect(ts, t.name).toBeGreaterThanOrEqual(START);
      expect(ts, t.name).toBeLessThanOrEqual(simMs + 1);
      const truth = state.tags[t.name];
      if (t.dataType === 'bool') expect(dv.value.value, t.name).toBe(truth);
      else if (t.name === plant.plcById.get(PLC)!.clockTag)
        expect(Math.abs(dv.value.value - simMs / 1000)).toBeLessThan(2);
      else
        expect(readingError(t.name, dv.value.value, truth!), t.name).toBeLessThanOrEqual(
          tolerance(t.name),
        );
    });
  });

  it('a subscription sees the clock tag advance in plant time', async () => {
    const sub = await session.createSubscription2({
      requestedPublishingInterval: 200,
      requestedMaxKeepAliveCount: 10,
      publishingEnabled: true,
    });
    const item = await sub.monitor(
      { nodeId: id(plant.plcById.get(PLC)!.clockTag!), attributeId: AttributeIds.Value },
      { samplingInterval: 200, queueSize: 10, discardOldest: true },
      2,
    );
    const seen: number[] = [];
    item.on('changed', (dv) => seen.push(dv.sourceTimestamp!.getTime()));
    await waitFor('three clock notifications', () => seen.length >= 3, 10_000);
    await sub.terminate();
    expect(seen[2]!).toBeGreaterThan(seen[0]!);
    expect(seen[0]!).toBeGreaterThanOrEqual(START);
  });

  it('refuses the setpoint of a loop in cascade, and a written setpoint moves a loop in AUTO', async () => {
    const write = (name: string, dataType: DataType, value: number) =>
      session.write({
        nodeId: id(name),
        attributeId: AttributeIds.Value,
        value: { value: { dataType, value } },
      });
    const before = Number((await simState(sim)).tags['FIC-405']);
    const target = Math.round(before * 0.8 * 100) / 100;
    // FIC-405 starts as the slave of LIC-402 (CAS): its setpoint is not the operator's
    expect((await simState(sim)).tags['FIC-405.MODE']).toBe(2);
    expect(await write('FIC-405.SP', DataType.Float, target)).toEqual(StatusCodes.BadInvalidState);

    await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 20 });
    expect((await write('FIC-405.MODE', DataType.UInt16, 1)).name).toBe('Good');
    expect((await write('FIC-405.SP', DataType.Float, target)).name).toBe('Good');
    expect(Number((await simState(sim)).tags['FIC-405.SP'])).toBeCloseTo(target, 4);
    await waitFor('FIC-405 to follow its setpoint', async () => {
      const pv = Number((await simState(sim)).tags['FIC-405']);
      return Math.abs(pv - target) < 0.2 * Math.abs(before - target) + tolerance('FIC-405');
    });
  });

  it('refuses a value outside the tag range with BadOutOfRange', async () => {
    const status = await session.write({
      nodeId: id('FIC-405.SP'),
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Float, value: 1000 } },
    });
    expect(status).toEqual(StatusCodes.BadOutOfRange);
  });

  it('a loop mode is a multi-state value that accepts its states only', async () => {
    const mode = id('FIC-405.MODE');
    const ok = await session.write({
      nodeId: mode,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.UInt16, value: 0 } },
    });
    expect(ok.name).toBe('Good');
    expect((await simState(sim)).tags['FIC-405.MODE']).toBe(0);
    const bad = await session.write({
      nodeId: mode,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.UInt16, value: 9 } },
    });
    expect(bad).toEqual(StatusCodes.BadOutOfRange);
    await session.write({
      nodeId: mode,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.UInt16, value: 1 } },
    });
  });

  it('refuses a write to a read-only node with BadNotWritable', async () => {
    const before = (await simState(sim)).tags['FIC-405'];
    const status = await session.write({
      nodeId: id('FIC-405'),
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Float, value: 1 } },
    });
    expect(status).toEqual(StatusCodes.BadNotWritable);
    expect(Math.abs(Number((await simState(sim)).tags['FIC-405']) - Number(before))).toBeLessThan(
      tolerance('FIC-405'),
    );
  });

  it('P-405.CMD false stops the evaporator feed', async () => {
    const status = await session.write({
      nodeId: id('P-405.CMD'),
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Boolean, value: false } },
    });
    expect(status.name).toBe('Good');
    await waitFor('P-405 to stop', async () => (await simState(sim)).tags['P-405.RUN'] === false);
    await waitFor('the feed FIC-405 to fall to zero', async () => {
      return Number((await simState(sim)).tags['FIC-405']) < tolerance('FIC-405');
    });
    const run = await session.read({ nodeId: id('P-405.RUN'), attributeId: AttributeIds.Value });
    expect(run.value.value).toBe(false);
  });

  it('serves a SignAndEncrypt Basic256Sha256 session', async () => {
    const secure = await connect(
      sim.endpoints[PLC]!.url,
      MessageSecurityMode.SignAndEncrypt,
      SecurityPolicy.Basic256Sha256,
    );
    try {
      const dv = await secure.session.read({
        nodeId: id('LIC-402'),
        attributeId: AttributeIds.Value,
      });
      expect(dv.statusCode.name).toBe('Good');
    } finally {
      await secure.session.close();
      await secure.client.disconnect();
    }
  });
});

// Test helper: a node-opcua server on a loopback port whose variables have numeric and GUID NodeIds, in nested folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  OPCUACertificateManager,
  OPCUAServer,
  standardUnits,
  Variant,
  VariantArrayType,
} from 'node-opcua';

export const NUMERIC_NS = 'urn:zld-test:numeric-server';
export const GUID_ID = '72962B91-FA75-4AE6-8D28-B404DC7DAF63';

export interface NumericServer {
  endpointUrl: string;
  close(): Promise<void>;
}

/**
 * Objects/Line1 (i=5000): Temp (i=5001, Float, EURange 0..200 °C), Level (i=5002, Double, no EURange), Run
 * (i=5003, Boolean, writable), Count (i=5004, UInt32), Label (i=5005, String), Profile (i=5006, Float array),
 * Pump 1 (i=5010) with Speed (i=5011, Int16, EURange -100..100) and Temp (i=5012, Float); Mode (g=..., Int32);
 * Deep (i=5020)/Deeper (i=5021)/Hidden (i=5022, Double) three levels down.
 */
export async function startNumericServer(): Promise<NumericServer> {
  const pki = mkdtempSync(join(tmpdir(), 'numeric-server-pki-'));
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: join(pki, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  });
  await serverCertificateManager.initialize();
  const server = new OPCUAServer({
    host: '127.0.0.1',
    port: 0,
    serverCertificateManager,
    allowAnonymous: true,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace!;
  addressSpace.registerNamespace('urn:zld-test:moves-the-index');
  const ns = addressSpace.registerNamespace(NUMERIC_NS);
  const line = ns.addFolder(addressSpace.rootFolder.objects, {
    browseName: 'Line1',
    nodeId: 'i=5000',
  });
  const scalar = (
    parent: Parameters<typeof ns.addVariable>[0]['componentOf'],
    browseName: string,
    nodeId: string,
    dataType: DataType,
    value: unknown,
    writable = false,
  ) =>
    ns.addVariable({
      componentOf: parent,
      browseName,
      nodeId,
      dataType,
      accessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      userAccessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      value: new Variant({ dataType, value }),
    });
  ns.addAnalogDataItem({
    componentOf: line,
    browseName: 'Temp',
    nodeId: 'i=5001',
    description: 'Reactor temperature',
    dataType: 'Float',
    accessLevel: 'CurrentRead',
    userAccessLevel: 'CurrentRead',
    engineeringUnitsRange: { low: 0, high: 200 },
    engineeringUnits: standardUnits.degree_celsius,
    value: new Variant({ dataType: DataType.Float, value: 21.5 }),
  });
  scalar(line, 'Level', 'i=5002', DataType.Double, 40);
  scalar(line, 'Run', 'i=5003', DataType.Boolean, true, true);
  scalar(line, 'Count', 'i=5004', DataType.UInt32, 7);
  scalar(line, 'Label', 'i=5005', DataType.String, 'batch 7');
  ns.addVariable({
    componentOf: line,
    browseName: 'Profile',
    nodeId: 'i=5006',
    dataType: 'Float',
    valueRank: 1,
    arrayDimensions: [3],
    value: new Variant({
      dataType: DataType.Float,
      arrayType: VariantArrayType.Array,
      value: [1, 2, 3],
    }),
  });
  const pump = ns.addFolder(line, { browseName: 'Pump 1', nodeId: 'i=5010' });
  ns.addAnalogDataItem({
    componentOf: pump,
    browseName: 'Speed',
    nodeId: 'i=5011',
    dataType: 'Int16',
    accessLevel: 'CurrentRead',
    userAccessLevel: 'CurrentRead',
    engineeringUnitsRange: { low: -100, high: 100 },
    engineeringUnits: standardUnits.percent,
    value: new Variant({ dataType: DataType.Int16, value: 50 }),
  });
  scalar(pump, 'Temp', 'i=5012', DataType.Float, 30);
  scalar(line, 'Mode', `g=${GUID_ID}`, DataType.Int32, 2);
  const deep = ns.addFolder(line, { browseName: 'Deep', nodeId: 'i=5020' });
  const deeper = ns.addFolder(deep, { browseName: 'Deeper', nodeId: 'i=5021' });
  scalar(deeper, 'Hidden', 'i=5022', DataType.Double, 1);
  await server.start();
  const port = server.endpoints[0]!.port;
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    close: async () => {
      await server.shutdown(0);
      await serverCertificateManager.dispose();
      rmSync(pki, { recursive: true, force: true });
    },
  };
}

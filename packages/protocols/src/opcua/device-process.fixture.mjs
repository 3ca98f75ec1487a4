// Test helper: an OPC UA device in its own process, built on node-opcua alone (nothing of this project),
// with nodes under numeric, string, GUID and opaque NodeIds in its own namespace. Killing the process and
// starting a new one on the same port is a real device reboot: sessions gone, a new server start time.
// Usage: node device-process.fixture.mjs <port> <pki folder> <namespace uri>; prints "READY <port>".
import {
  DataType,
  OPCUACertificateManager,
  OPCUAServer,
  Variant,
  MessageSecurityMode,
  SecurityPolicy,
} from 'node-opcua';

const [port, pkiDir, namespaceUri] = process.argv.slice(2);
if (!port || !pkiDir || !namespaceUri) {
  process.stderr.write('usage: device-process.fixture.mjs <port> <pki folder> <namespace uri>\n');
  process.exit(2);
}

const GUID = '72962b91-fa75-4ae6-8d28-b404dc7daf63';

const serverCertificateManager = new OPCUACertificateManager({
  rootFolder: `${pkiDir}/server`,
  automaticallyAcceptUnknownCertificate: true,
});
await serverCertificateManager.initialize();
const server = new OPCUAServer({
  host: '127.0.0.1',
  port: Number(port),
  serverCertificateManager,
  securityModes: [MessageSecurityMode.None],
  securityPolicies: [SecurityPolicy.None],
  allowAnonymous: true,
});
await server.initialize();
const addressSpace = server.engine.addressSpace;
const ns = addressSpace.registerNamespace(namespaceUri);
const device = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'Device' });

let counter = 0;
const started = Date.now();
const variable = (browseName, nodeId, dataType, get) =>
  ns.addVariable({
    componentOf: device,
    browseName,
    nodeId,
    dataType,
    minimumSamplingInterval: 50,
    value: { get: () => new Variant({ dataType, value: get() }) },
  });
variable('Counter', 'i=1001', DataType.Double, () => counter);
variable('Line1.Level', 's=Line1.Level', DataType.Float, () => 42.5);
variable('Pump.Run', `g=${GUID}`, DataType.Boolean, () => true);
variable('Uptime', 'b=AQID', DataType.Int32, () => Math.round((Date.now() - started) / 1000));
const timer = setInterval(() => counter++, 100);

await server.start();
process.stdout.write(`READY ${server.endpoints[0].port}\n`);

const stop = async () => {
  clearInterval(timer);
  await server.shutdown(0).catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

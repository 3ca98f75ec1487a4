// Test helper: a small, real node-opcua server on a loopback port with a few variables, restartable.
import { join } from 'node:path';
import type { DataType } from 'node-opcua';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  PublishResponse,
  SecurityPolicy,
  StatusCodes,
  Variant,
  type NodeId,
  type StatusCode,
  type UAVariable,
} from 'node-opcua';

export interface VariableSpec {
  node: string;
  dataType: DataType;
  value: number | boolean;
}

export interface OpcuaServerOptions {
  pkiDir: string;
  namespaceUri: string;
  variables: VariableSpec[];
  port?: number;
  /** Namespaces registered before the PLC's own (moves its index). */
  namespacesBefore?: string[];
}

export interface OpcuaTestServer {
  readonly endpointUrl: string;
  readonly port: number;
  readonly server: OPCUAServer;
  readonly variables: Map<string, UAVariable>;
  /** Sets a variable as the PLC would, with a status and a source timestamp. */
  set(node: string, value: number | boolean, status?: StatusCode, sourceTs?: Date): void;
  value(node: string): unknown;
  /** Closes every open session on the server's side, the TCP connections left open. */
  dropSessions(): void;
  /** The authentication tokens of the sessions open now. */
  sessions(): string[];
  /** From now on, publish requests of the sessions open now are answered BadUserAccessDenied. */
  denyPublishOfOpenSessions(): void;
  close(): Promise<void>;
}

interface ServerInternals {
  engine: {
    _sessions: Record<string, { authenticationToken: NodeId }>;
    closeSession(token: NodeId, deleteSubscriptions: boolean, reason: string): void;
  };
  _on_PublishRequest(message: PublishMessage, channel: unknown): void;
  _apply_on_SessionObject(
    responseClass: unknown,
    message: PublishMessage,
    channel: unknown,
    action: (session: unknown, send: unknown, sendError: (sc: StatusCode) => void) => void,
  ): void;
}
interface PublishMessage {
  request: { requestHeader: { authenticationToken: NodeId } };
}

/** Makes the server refuse sessions the way some devices do after a restart of their OPC UA stack. */
function refusals(
  server: OPCUAServer,
): Pick<OpcuaTestServer, 'dropSessions' | 'denyPublishOfOpenSessions' | 'sessions'> {
  const internals = server as unknown as ServerInternals;
  const denied = new Set<string>();
  const publish = internals._on_PublishRequest.bind(server);
  internals._on_PublishRequest = (message, channel) => {
    if (!denied.has(message.request.requestHeader.authenticationToken.toString()))
      return publish(message, channel);
    internals._apply_on_SessionObject(PublishResponse, message, channel, (_s, _send, sendError) =>
      sendError(StatusCodes.BadUserAccessDenied),
    );
  };
  const open = () => Object.values(internals.engine._sessions).map((s) => s.authenticationToken);
  return {
    dropSessions: () => {
      for (const token of open()) internals.engine.closeSession(token, true, 'Terminated');
    },
    sessions: () => open().map(String),
    denyPublishOfOpenSessions: () => {
      for (const token of open()) denied.add(token.toString());
    },
  };
}

export async function startOpcuaServer(o: OpcuaServerOptions): Promise<OpcuaTestServer> {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: join(o.pkiDir, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  });
  await serverCertificateManager.initialize();
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(o.pkiDir, 'user'),
    automaticallyAcceptUnknownCertificate: true,
  });
  await userCertificateManager.initialize();
  const server = new OPCUAServer({
    host: '127.0.0.1',
    port: o.port ?? 0,
    serverCertificateManager,
    userCertificateManager,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('no address space');
  for (const uri of o.namespacesBefore ?? []) addressSpace.registerNamespace(uri);
  const ns = addressSpace.registerNamespace(o.namespaceUri);
  const folder = ns.addFolder(addressSpace.rootFolder.objects, { browseName: 'PLC' });
  const variables = new Map<string, UAVariable>();
  for (const v of o.variables) {
    variables.set(
      v.node,
      ns.addVariable({
        componentOf: folder,
        browseName: v.node,
        nodeId: `s=${v.node}`,
        dataType: v.dataType,
        accessLevel: 'CurrentRead | CurrentWrite',
        userAccessLevel: 'CurrentRead | CurrentWrite',
        minimumSamplingInterval: 50,
        value: new Variant({ dataType: v.dataType, value: v.value }),
      }),
    );
  }
  await server.start();
  const port = Number(/:(\d+)/.exec(server.getEndpointUrl().replace('opc.tcp://', ''))?.[1]);
  const variable = (node: string): UAVariable => {
    const v = variables.get(node);
    if (!v) throw new Error(`no variable ${node}`);
    return v;
  };
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    port,
    server,
    variables,
    set(node, value, status = StatusCodes.Good, sourceTs = new Date()) {
      const v = variable(node);
      v.setValueFromSource(
        new Variant({ dataType: v.dataTypeObj.basicDataType, value }),
        status,
        sourceTs,
      );
    },
    value: (node) => variable(node).readValue().value.value as unknown,
    ...refusals(server),
    close: async () => {
      await server.shutdown(0);
      await serverCertificateManager.dispose();
      await userCertificateManager.dispose();
    },
  };
}

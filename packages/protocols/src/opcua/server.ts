// An OPC UA PLC (node-opcua OPCUAServer) over a NodeImage, with the offline (server stopped) and slow faults.
import { join } from 'node:path';
import type { PlcDef } from '@zld/plant';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  type OPCUAServerOptions,
} from 'node-opcua';
import { freePort } from '../kernel/free-port.js';
import {
  NO_PROTOCOL_FAULT,
  type PlcEndpoint,
  type PlcServer,
  type PlcServerContext,
  type PlcServerStatus,
  type ProtocolFaultKind,
  type ProtocolFaultState,
} from '../kernel/sim-server.js';
import { NodeImage } from './node-image.js';
import { opcuaSettingsOf } from './schema.js';
import { buildPlcNodes } from './server-nodes.js';

type RequestArgs = Parameters<OPCUAServer['on_request']>;

/**
 * `plc-slow`: every incoming request (Read, Write, Browse, Publish...) is handed to the server's
 * dispatcher `delayMs` later, so every response leaves that much later, in order. The hook is the
 * server's own request entry point (`on_request`), overridden in this subclass.
 */
class DelayingServer extends OPCUAServer {
  delayMs = 0;
  override on_request(...args: RequestArgs): void {
    if (this.delayMs > 0) setTimeout(() => super.on_request(...args), this.delayMs);
    else super.on_request(...args);
  }
}

/** Endpoints: None (local simulator), and Sign / SignAndEncrypt with the SHA-256 policies. */
const SECURITY_MODES = [
  MessageSecurityMode.None,
  MessageSecurityMode.Sign,
  MessageSecurityMode.SignAndEncrypt,
];
const SECURITY_POLICIES = [
  SecurityPolicy.None,
  SecurityPolicy.Basic256Sha256,
  SecurityPolicy.Aes128_Sha256_RsaOaep,
  SecurityPolicy.Aes256_Sha256_RsaPss,
];

/**
 * `plc-offline` shuts the server down (clients see the connection drop and reconnects refused); clearing
 * it starts a new server on the same port with the same certificate, its values current. The address
 * space is rebuilt from the plant file each start. Certificates live in a per-run PKI folder; client
 * certificates are accepted automatically (a local simulator, not a plant).
 */
export class OpcuaPlcServer implements PlcServer {
  readonly plcId: string;
  readonly protocolFaults: readonly ProtocolFaultKind[] = ['plc-offline', 'plc-slow'];
  readonly image: NodeImage;
  private readonly namespaceUri: string;
  private readonly resourcePath: string;
  private readonly host: string;
  private port: number;
  private server: DelayingServer | null = null;
  private wanted = false;
  private faults: ProtocolFaultState = NO_PROTOCOL_FAULT;

  constructor(
    plc: PlcDef,
    private readonly ctx: PlcServerContext,
  ) {
    const settings = opcuaSettingsOf(plc);
    this.plcId = plc.id;
    this.namespaceUri = settings.namespaceUri ?? `urn:zld:sim:${plc.id}`;
    this.resourcePath = pathOf(settings.endpointUrl);
    this.host = ctx.host;
    this.port = ctx.port;
    this.image = new NodeImage(plc, ctx.plant.tagsOfPlc(plc.id), (tag, err) =>
      ctx.log(`${plc.id}: the plant gives no value for ${tag} (${String(err)})`),
    );
  }

  get endpoint(): PlcEndpoint {
    return {
      plcId: this.plcId,
      protocol: 'opcua',
      host: this.host,
      port: this.port,
      url: `opc.tcp://${this.host}:${this.port}${this.resourcePath}`,
      namespaceUri: this.namespaceUri,
    };
  }

  async start(): Promise<void> {
    this.wanted = true;
    if (this.port === 0) this.port = await freePort(this.host);
    this.refresh();
    if (!this.faults.offline) await this.launch();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    await this.halt();
  }

  refresh(): void {
    this.image.refresh(this.ctx.source);
  }

  async applyFaults(state: ProtocolFaultState): Promise<void> {
    this.faults = state;
    if (this.server) this.server.delayMs = state.slowMs;
    if (state.offline) await this.halt();
    else if (this.wanted && !this.server) await this.launch();
  }

  status(): PlcServerStatus {
    return { plcId: this.plcId, listening: this.server !== null, faults: this.faults };
  }

  private async launch(): Promise<void> {
    const pki = join(this.ctx.pkiDir, this.plcId);
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: join(pki, 'server'),
      automaticallyAcceptUnknownCertificate: true,
    });
    const userCertificateManager = new OPCUACertificateManager({
      rootFolder: join(pki, 'user'),
      automaticallyAcceptUnknownCertificate: true,
    });
    await serverCertificateManager.initialize();
    await userCertificateManager.initialize();
    const options: OPCUAServerOptions = {
      host: this.host,
      hostname: this.host,
      port: this.port,
      ...(this.resourcePath ? { resourcePath: this.resourcePath } : {}),
      serverCertificateManager,
      userCertificateManager,
      securityModes: SECURITY_MODES,
      securityPolicies: SECURITY_POLICIES,
      allowAnonymous: true,
      isAuditing: false,
      buildInfo: { productName: `ZLD simulated ${this.plcId}`, manufacturerName: 'ZLD SCADA' },
      serverInfo: {
        applicationUri: `urn:zld-scada:simulator:${this.plcId.toLowerCase()}`,
        productUri: 'urn:zld-scada:simulator',
        applicationName: { text: `ZLD simulated ${this.plcId}` },
      },
    };
    const server = new DelayingServer(options);
    server.delayMs = this.faults.slowMs;
    try {
      await server.initialize();
      const addressSpace = server.engine.addressSpace;
      if (!addressSpace) throw new Error('the server has no address space');
      buildPlcNodes({
        addressSpace,
        namespaceUri: this.namespaceUri,
        plcId: this.plcId,
        image: this.image,
        source: this.ctx.source,
      });
      await server.start();
    } catch (err) {
      await server.shutdown(0).catch(() => undefined);
      throw new Error(
        `${this.plcId}: cannot start the OPC UA server on port ${this.port}: ${String(err)}`,
        {
          cause: err,
        },
      );
    }
    this.server = server;
  }

  private async halt(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await s.shutdown(0);
  }
}

/** The path part of an `opc.tcp://host:port/path` URL ('' when none). */
function pathOf(url: string): string {
  const m = /^opc\.tcp:\/\/[^/]+(\/.*)?$/.exec(url);
  return m?.[1] ?? '';
}

export function createOpcuaServer(plc: PlcDef, ctx: PlcServerContext): PlcServer {
  return new OpcuaPlcServer(plc, ctx);
}

// Starts the gateway (runtime with real drivers, fastify app, socket.io) on a free loopback port.
import {
  assembleRuntime,
  buildApp,
  startGateway,
  type AssembleOptions,
  type EndpointOverride,
  type Runtime,
} from '@zld/gateway';
import type { ClockMode } from '@zld/api';
import type { Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import type { FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestGateway {
  app: FastifyInstance;
  runtime: Runtime;
  /** `http://127.0.0.1:<port>` */
  url: string;
  get<T>(path: string): Promise<T>;
  getText(path: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  plcEndpoints: Record<string, EndpointOverride>;
  clock?: ClockMode;
  plant?: Plant;
  /**
   * The OPC UA client's PKI folder. Default: a new temporary one, removed on close. Pass a folder
   * kept across gateways to start like a gateway that has run before (its certificate made once).
   */
  pkiDir?: string;
  assemble?: Omit<AssembleOptions, 'plcEndpoints' | 'clock'>;
}

export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const ownPki = options.pkiDir === undefined;
  const pkiDir = options.pkiDir ?? (await mkdtemp(join(tmpdir(), 'zld-gw-pki-')));
  const runtime = assembleRuntime(options.plant ?? loadPlant(), {
    ...options.assemble,
    clock: options.clock ?? 'wall',
    plcEndpoints: options.plcEndpoints,
    driverOptions: {
      pkiDir,
      protocolOptions: { opcua: { acceptUnknownCertificate: true } },
      logger: { info: () => {}, warn: () => {} },
      ...options.assemble?.driverOptions,
    },
  });
  const app = buildApp({ runtime });
  const gateway = await startGateway({ runtime, app, listen: { host: '127.0.0.1', port: 0 } });
  const url = gateway.address!;
  const get = async (path: string) => {
    const res = await fetch(url + path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    app,
    runtime,
    url,
    get: async <T>(path: string) => (await (await get(path)).json()) as T,
    getText: async (path: string) => (await get(path)).text(),
    close: async () => {
      await gateway.stop();
      if (ownPki) await rm(pkiDir, { recursive: true, force: true });
    },
  };
}

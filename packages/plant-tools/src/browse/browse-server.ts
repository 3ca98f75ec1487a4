// Connects to an OPC UA server (security None), walks it, and closes: the I/O half of `browse`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
} from 'node-opcua';
import { walkVariables, type BrowsedVariable, type WalkOptions } from './walk.js';

export interface ServerBrowse {
  variables: BrowsedVariable[];
  /** The server's own name for itself (its ApplicationName). */
  applicationName?: string;
}

/** Browses `endpointUrl`; the client's certificate lives in a temporary folder removed afterwards. */
export async function browseServer(endpointUrl: string, o: WalkOptions): Promise<ServerBrowse> {
  const pki = mkdtempSync(join(tmpdir(), 'plant-browse-pki-'));
  const clientCertificateManager = new OPCUACertificateManager({
    rootFolder: pki,
    automaticallyAcceptUnknownCertificate: true,
  });
  const client = OPCUAClient.create({
    applicationName: 'ZLD plant browse',
    clientCertificateManager,
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 1, initialDelay: 200, maxDelay: 1000 },
    requestedSessionTimeout: 60_000,
  });
  try {
    await client.connect(endpointUrl);
    const session = await client.createSession();
    try {
      const variables = await walkVariables(session, o);
      const app = (await client.getEndpoints())[0]?.server.applicationName.text ?? undefined;
      return { variables, ...(app ? { applicationName: app } : {}) };
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
    await clientCertificateManager.dispose().catch(() => undefined);
    rmSync(pki, { recursive: true, force: true });
  }
}

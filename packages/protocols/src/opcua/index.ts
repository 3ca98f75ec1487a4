// The OPC UA protocol module: plant-file schemas and checks, the gateway's driver, the simulator's server.
import { defineProtocol } from '../kernel/protocol-module.js';
import { OpcuaDriver } from './client.js';
import {
  checkOpcuaTags,
  opcuaAddress,
  opcuaSettings,
  portOfUrl,
  type OpcuaAddress,
  type OpcuaPlcOptions,
} from './schema.js';
import { checkOpcuaSecurity } from './security.js';
import { createOpcuaServer } from './server.js';

export const opcua = defineProtocol<OpcuaPlcOptions, OpcuaAddress>({
  id: 'opcua',
  title: 'OPC UA',
  settings: opcuaSettings,
  address: opcuaAddress,
  endpointKey: (s) => s.endpointUrl,
  check: (ctx) => {
    checkOpcuaSecurity(ctx);
    checkOpcuaTags(ctx);
  },
  createDriver: (plc, options) => new OpcuaDriver(plc, options),
  withEndpoint: (s, to) => ({
    ...s,
    endpointUrl:
      'endpointUrl' in to
        ? to.endpointUrl
        : s.endpointUrl.replace(
            /^opc\.tcp:\/\/(\[[^\]]+\]|[^/]+)/,
            `opc.tcp://${to.host}:${to.port}`,
          ),
  }),
  portOf: (s) => portOfUrl(s.endpointUrl),
  createServer: createOpcuaServer,
});

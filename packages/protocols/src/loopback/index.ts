// The loopback protocol module: a minimal line protocol (JSON over TCP) and the example of a protocol module.
import { defineProtocol } from '../kernel/protocol-module.js';
import { LoopbackDriver } from './driver.js';
import {
  checkLoopbackTags,
  loopbackAddress,
  loopbackSettings,
  type LoopbackAddress,
  type LoopbackSettings,
} from './schema.js';
import { createLoopbackServer } from './server.js';

export const loopback = defineProtocol<LoopbackSettings, LoopbackAddress>({
  id: 'loopback',
  title: 'loopback line protocol',
  settings: loopbackSettings,
  address: loopbackAddress,
  endpointKey: (s) => `${s.host}:${s.port}`,
  check: checkLoopbackTags,
  createDriver: (plc, options) => new LoopbackDriver(plc, options),
  withEndpoint: (s, to) =>
    'host' in to
      ? { ...s, host: to.host, port: to.port }
      : 'a loopback PLC takes host:port, not a URL',
  portOf: (s) => s.port,
  createServer: createLoopbackServer,
});

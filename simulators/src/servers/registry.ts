// The protocol servers by protocol: a PLC definition picks its server here, never through an if/else chain.
import type { PlcDef } from '@zld/plant';
import { createModbusServer } from './modbus.js';
import { createOpcuaServer } from './opcua.js';
import {
  protocolOf,
  type PlcProtocol,
  type PlcServer,
  type PlcServerContext,
  type PlcServerFactory,
} from './plc-server.js';

const factories = new Map<PlcProtocol, PlcServerFactory>([
  ['modbus', createModbusServer],
  ['opcua', createOpcuaServer],
]);

/** Replaces the server used for a protocol (e.g. a variant with extra diagnostics). */
export function registerPlcServer(protocol: PlcProtocol, factory: PlcServerFactory): void {
  factories.set(protocol, factory);
}

export function createPlcServer(plc: PlcDef, ctx: PlcServerContext): PlcServer {
  const protocol = protocolOf(plc);
  const factory = factories.get(protocol);
  if (!factory) throw new Error(`no simulator server registered for ${protocol} (${plc.id})`);
  return factory(plc, ctx);
}

// A protocol module: everything one protocol brings (plant-file schemas, driver, endpoint override, simulator server).
import type { PlcDef, ProtocolDefinition } from '@zld/plant';
import type { Driver, DriverOptions } from './driver.js';
import type { PlcServer, PlcServerContext } from './sim-server.js';

/** Where to reach a PLC instead of where the plant file says (tests on free ports, `--plc` flags). */
export type EndpointOverride = { host: string; port: number } | { endpointUrl: string };

/**
 * One object per protocol, registered in the one list (`protocols.ts`). Adding a protocol is a new
 * folder holding its module and one line in that list: the plant schema, the gateway and the
 * simulators take it from there.
 */
export interface ProtocolModule<S = unknown, A = unknown> extends ProtocolDefinition<S, A> {
  /** The gateway's driver for a PLC of this protocol (its settings were parsed by `settings`). */
  createDriver(plc: PlcDef, options: DriverOptions): Driver;
  /** The settings moved to another endpoint, or a plain reason why this protocol cannot take it. */
  withEndpoint(settings: S, endpoint: EndpointOverride): S | string;
  /** The TCP port the settings name (the simulator listens there unless told otherwise). */
  portOf(settings: S): number;
  /** The simulator's server for a PLC of this protocol. */
  createServer(plc: PlcDef, ctx: PlcServerContext): PlcServer;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list mixes modules of different settings types
export type AnyProtocolModule = ProtocolModule<any, any>;

/** Pins a module's settings and address types while keeping it assignable to the list. */
export function defineProtocol<S, A>(module: ProtocolModule<S, A>): ProtocolModule<S, A> {
  return module;
}

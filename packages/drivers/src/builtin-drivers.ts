// The default driver registry, holding the built-in Modbus TCP and OPC UA drivers.
import type { PlcDef } from '@zld/plant';
import type { Driver, DriverFactory, DriverOptions } from './driver.js';
import { createModbusDriver } from './modbus/client.js';
import { createOpcuaDriver } from './opcua/client.js';
import { DriverRegistry, type Protocol } from './registry.js';

/** A registry with every built-in driver: `modbus` and `opcua`, named after the PLC definition's blocks. */
export function builtinDrivers(): DriverRegistry {
  return new DriverRegistry()
    .register('modbus', createModbusDriver)
    .register('opcua', createOpcuaDriver);
}

const defaultRegistry = builtinDrivers();

/** Adds (or replaces) a protocol in the default registry. */
export function registerDriver(protocol: Protocol, factory: DriverFactory): void {
  defaultRegistry.register(protocol, factory);
}

/** Creates the driver for a PLC from the default registry, chosen by the protocol block it carries. */
export function createDriver(plc: PlcDef, options: DriverOptions): Driver {
  return defaultRegistry.create(plc, options);
}

// The Modbus TCP protocol module: plant-file schemas and checks, the gateway's driver, the simulator's server.
import { defineProtocol } from '../kernel/protocol-module.js';
import { ModbusDriver } from './client.js';
import {
  checkModbusTags,
  modbusAddress,
  modbusSettings,
  type ModbusAddress,
  type ModbusPlcOptions,
} from './schema.js';
import { createModbusServer } from './server.js';

export const modbus = defineProtocol<ModbusPlcOptions, ModbusAddress>({
  id: 'modbus',
  title: 'Modbus TCP',
  settings: modbusSettings,
  address: modbusAddress,
  endpointKey: (s) => `${s.host}:${s.port}/${s.unitId}`,
  check: checkModbusTags,
  createDriver: (plc, options) => new ModbusDriver(plc, options),
  withEndpoint: (s, to) =>
    'host' in to
      ? { ...s, host: to.host, port: to.port }
      : 'a Modbus PLC takes host:port, not a URL',
  portOf: (s) => s.port,
  createServer: createModbusServer,
});

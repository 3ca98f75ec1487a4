// The Modbus protocol module (TCP, RTU over TCP, serial RTU): plant-file schemas and checks, the gateway's
// driver, the simulator's server.
import { defineProtocol } from '../kernel/protocol-module.js';
import { ModbusDriver } from './client.js';
import {
  checkModbusTags,
  modbusAddress,
  modbusEndpointOf,
  modbusSettings,
  type ModbusAddress,
  type ModbusPlcOptions,
} from './schema.js';
import { createModbusServer } from './server.js';
import { lineAgreement } from './transport-schema.js';

export const modbus = defineProtocol<ModbusPlcOptions, ModbusAddress>({
  id: 'modbus',
  title: 'Modbus',
  settings: modbusSettings,
  address: modbusAddress,
  // Two PLCs on one line are fine (a bus carries several units); one unit id twice on it is not.
  endpointKey: (s) => {
    const e = modbusEndpointOf(s);
    return `${e.transport === 'rtu' ? e.serial.path : `${e.host}:${e.port}`}/${s.unitId}`;
  },
  // The PLCs of one serial line share its connection: they must agree on how it runs.
  sharedResource: (s) =>
    s.transport === 'rtu' && s.serial
      ? {
          key: `serial line ${s.serial.path}`,
          settings: lineAgreement(s.serial, s.timeoutMs, s.interFrameDelayMs),
        }
      : undefined,
  check: checkModbusTags,
  createDriver: (plc, options) => new ModbusDriver(plc, options),
  withEndpoint: (s, to) => {
    if (!('host' in to)) return 'a Modbus PLC takes host:port, not a URL';
    if (s.transport !== 'rtu') return { ...s, host: to.host, port: to.port };
    // A serial PLC moved to host:port is reached there by Modbus TCP (a serial gateway, the simulators).
    const { serial: _serial, interFrameDelayMs: _gap, ...rest } = s;
    return { ...rest, transport: 'tcp', host: to.host, port: to.port };
  },
  // A serial PLC has no port: the simulators serve its registers by Modbus TCP on a free one.
  portOf: (s) => s.port ?? 0,
  createServer: createModbusServer,
});

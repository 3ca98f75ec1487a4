import { describe, expect, it } from 'vitest';
import type { PlcDef } from '@zld/plant';
import { builtinDrivers, createDriver } from './builtin-drivers.js';
import { guardSink, type Driver, type DriverFactory } from './driver.js';
import { ModbusDriver } from './modbus/client.js';
import { OpcuaDriver } from './opcua/client.js';
import { DriverRegistry } from './registry.js';
import { modbusPlc, opcuaPlc } from './testing/fixtures.js';

const fake =
  (protocol: string): DriverFactory =>
  (plc) =>
    ({ protocol, plcId: plc.id }) as unknown as Driver;
const options = { tags: [], sink: () => {}, pkiDir: 'unused-pki' };

describe('DriverRegistry', () => {
  it('chooses the factory by the protocol block the PLC carries', () => {
    const r = new DriverRegistry()
      .register('modbus', fake('modbus'))
      .register('opcua', fake('opcua'));
    expect(r.create(modbusPlc({ port: 502 }), options).protocol).toBe('modbus');
    expect(
      r.create(
        opcuaPlc({ endpointUrl: 'opc.tcp://127.0.0.1:4840', namespaceUri: 'urn:x' }),
        options,
      ).protocol,
    ).toBe('opcua');
  });

  it('takes new protocols without changes elsewhere', () => {
    const r = new DriverRegistry().register('s7', fake('s7'));
    const plc = {
      ...modbusPlc({ port: 502 }),
      modbus: undefined,
      s7: { rack: 0 },
    } as unknown as PlcDef;
    expect(r.create(plc, options).protocol).toBe('s7');
    expect(r.protocols()).toEqual(['s7']);
  });

  it('refuses a PLC with no registered protocol, or with several', () => {
    const r = new DriverRegistry().register('opcua', fake('opcua'));
    expect(() => r.create(modbusPlc({ port: 502 }), options)).toThrow(
      /no registered driver.*opcua/,
    );
    const both = {
      ...modbusPlc({ port: 502 }),
      opcua: { endpointUrl: 'opc.tcp://127.0.0.1:1', namespaceUri: 'x' },
    } as PlcDef;
    r.register('modbus', fake('modbus'));
    expect(() => r.create(both, options)).toThrow(/several protocols/);
  });

  it('the built-in registry creates the real drivers', () => {
    expect(builtinDrivers().protocols()).toEqual(['modbus', 'opcua']);
    expect(createDriver(modbusPlc({ port: 502 }), options)).toBeInstanceOf(ModbusDriver);
    expect(
      createDriver(
        opcuaPlc({ endpointUrl: 'opc.tcp://127.0.0.1:4840', namespaceUri: 'urn:x' }),
        options,
      ),
    ).toBeInstanceOf(OpcuaDriver);
  });
});

describe('guardSink', () => {
  it('keeps a refusing sink from throwing into the driver, and logs once', () => {
    const warnings: string[] = [];
    const sink = guardSink(
      () => {
        throw new RangeError('tag index -1 is outside 0..3');
      },
      { info: () => {}, warn: (m) => warnings.push(m) },
      'PLC-100',
    );
    expect(() => sink(-1, 1, 'Good', undefined)).not.toThrow();
    sink(-1, 2, 'Good', undefined);
    expect(warnings).toEqual([
      'PLC-100: the sink refused a sample of -1: tag index -1 is outside 0..3',
    ]);
  });
});

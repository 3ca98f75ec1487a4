import type { PlcDef } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loopback } from './loopback/index.js';
import { ModbusDriver } from './modbus/client.js';
import { modbusPlc } from './modbus/modbus-plc.fixture.js';
import { OpcuaDriver } from './opcua/client.js';
import { opcuaPlc } from './opcua/opcua-plc.fixture.js';
import { PROTOCOLS, protocols } from './protocols.js';
import { guardSink, type Driver } from './kernel/driver.js';
import { defineProtocol, type AnyProtocolModule } from './kernel/protocol-module.js';
import { ProtocolRegistry } from './kernel/registry.js';

const options = { tags: [], sink: () => {}, pkiDir: 'unused-pki' };

/** A protocol module that only answers who it is: enough to test the registry. */
function fake(id: string): AnyProtocolModule {
  return defineProtocol({
    id,
    title: id,
    settings: z.object({ port: z.number() }),
    address: z.object({ key: z.string() }),
    endpointKey: (s) => String(s.port),
    createDriver: (plc) => ({ protocol: id, plcId: plc.id }) as unknown as Driver,
    withEndpoint: (s, to) => ('host' in to ? { ...s, port: to.port } : 'no URLs'),
    portOf: (s) => s.port,
    createServer: () => {
      throw new Error('no server');
    },
  });
}

const plcOf = (protocol: string): PlcDef => ({
  id: 'PLC-900',
  description: 'x',
  areas: ['a'],
  clockTag: 'KI-900',
  scanClasses: { fast: { periodMs: 100 } },
  protocol,
  settings: { port: 1502 },
});

describe('ProtocolRegistry', () => {
  it('chooses the module by the protocol the PLC names', () => {
    const r = new ProtocolRegistry([fake('s7'), fake('bacnet')]);
    expect(r.createDriver(plcOf('bacnet'), options).protocol).toBe('bacnet');
    expect(r.portOf(plcOf('s7'))).toBe(1502);
    expect(r.ids()).toEqual(['s7', 'bacnet']);
  });

  it('refuses a PLC whose protocol is not registered, naming the ones that are', () => {
    const r = new ProtocolRegistry([fake('s7')]);
    expect(() => r.createDriver(plcOf('modbus'), options)).toThrow(
      /PLC-900: no protocol module "modbus" \(registered: s7\)/,
    );
  });

  it('refuses the same protocol twice', () => {
    expect(() => new ProtocolRegistry([fake('s7'), fake('s7')])).toThrow(/registered twice/);
  });

  it('moves a PLC to another endpoint through its module, or says why not', () => {
    const r = new ProtocolRegistry([fake('s7')]);
    const moved = r.withEndpoint(plcOf('s7'), { host: '127.0.0.1', port: 15020 });
    expect(typeof moved !== 'string' && moved.settings).toEqual({ port: 15020 });
    expect(r.withEndpoint(plcOf('s7'), { endpointUrl: 'opc.tcp://x' })).toBe('no URLs');
  });

  it('the protocol list holds Modbus TCP, OPC UA and the loopback example, and makes their drivers', () => {
    expect(PROTOCOLS.map((p) => p.id)).toEqual(['modbus', 'opcua', 'loopback']);
    expect(protocols.createDriver(modbusPlc({ port: 502 }), options)).toBeInstanceOf(ModbusDriver);
    expect(
      protocols.createDriver(
        opcuaPlc({ endpointUrl: 'opc.tcp://127.0.0.1:4840', namespaceUri: 'urn:x' }),
        options,
      ),
    ).toBeInstanceOf(OpcuaDriver);
    expect(loopback.id).toBe('loopback');
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

import { loadPlant } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { withEndpoints } from './endpoints.js';

const plant = loadPlant();

describe('withEndpoints', () => {
  it('moves Modbus and OPC UA PLCs and leaves the others', () => {
    const moved = withEndpoints(plant, {
      'PLC-100': { host: '127.0.0.1', port: 15020 },
      'PLC-200': { host: '127.0.0.1', port: 14840 },
    });
    expect(moved.plcById.get('PLC-100')?.settings).toMatchObject({
      host: '127.0.0.1',
      port: 15020,
      unitId: 1,
    });
    expect(moved.plcById.get('PLC-200')?.settings.endpointUrl).toBe('opc.tcp://127.0.0.1:14840');
    expect(moved.plcById.get('PLC-300')).toEqual(plant.plcById.get('PLC-300'));
    expect(moved.tags).toBe(plant.tags);
    // The original is untouched.
    expect(plant.plcById.get('PLC-100')?.settings.port).toBe(5020);
  });

  it('takes a whole OPC UA endpoint URL', () => {
    const moved = withEndpoints(plant, {
      'PLC-200': { endpointUrl: 'opc.tcp://127.0.0.1:4999/ua' },
    });
    expect(moved.plcById.get('PLC-200')?.settings.endpointUrl).toBe('opc.tcp://127.0.0.1:4999/ua');
  });

  it('answers the same plant without overrides', () => {
    expect(withEndpoints(plant, {})).toBe(plant);
  });

  it('refuses an unknown PLC and a URL for a Modbus PLC, listing both', () => {
    expect(() =>
      withEndpoints(plant, {
        'PLC-900': { host: '127.0.0.1', port: 1 },
        'PLC-100': { endpointUrl: 'opc.tcp://127.0.0.1:1' },
      }),
    ).toThrow(/PLC-900: the plant has no such PLC[\s\S]*PLC-100: a Modbus PLC takes host:port/);
  });
});

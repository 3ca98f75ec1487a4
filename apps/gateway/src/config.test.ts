import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, parseGatewayConfig } from './config.js';

describe('parseGatewayConfig', () => {
  it('has the contract defaults', () => {
    const c = parseGatewayConfig([], {});
    expect(c).toEqual({
      help: false,
      plantFile: undefined,
      host: '127.0.0.1',
      port: 8080,
      clock: 'wall',
      dataDir: './data',
      influxUrl: undefined,
      plcEndpoints: {},
      logLevel: 'info',
    });
    expect(DEFAULTS.port).toBe(8080);
  });

  it('reads the environment', () => {
    const c = parseGatewayConfig([], {
      PLANT_FILE: 'plant.yaml',
      GATEWAY_PORT: '9000',
      ZLD_CLOCK: 'plc',
      ZLD_DATA_DIR: '/var/lib/zld',
      INFLUX_URL: 'http://127.0.0.1:8086/zld',
    });
    expect(c).toMatchObject({
      plantFile: 'plant.yaml',
      port: 9000,
      clock: 'plc',
      dataDir: '/var/lib/zld',
      influxUrl: 'http://127.0.0.1:8086/zld',
    });
  });

  it('lets flags win over the environment', () => {
    const c = parseGatewayConfig(
      ['--port', '0', '--clock', 'wall', '--plant', 'other.yaml', '--host', '127.0.0.2'],
      { GATEWAY_PORT: '9000', ZLD_CLOCK: 'plc', PLANT_FILE: 'plant.yaml' },
    );
    expect(c).toMatchObject({ port: 0, clock: 'wall', plantFile: 'other.yaml', host: '127.0.0.2' });
  });

  it('takes PLC endpoint overrides', () => {
    const c = parseGatewayConfig(
      ['--plc', 'PLC-100=127.0.0.1:15020', '--plc', 'PLC-200=opc.tcp://127.0.0.1:14840'],
      {},
    );
    expect(c.plcEndpoints).toEqual({
      'PLC-100': { host: '127.0.0.1', port: 15020 },
      'PLC-200': { endpointUrl: 'opc.tcp://127.0.0.1:14840' },
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      parseGatewayConfig(['--port', 'eighty', '--clock', 'sundial', '--plc', 'PLC-1=x'], {
        INFLUX_URL: 'influx:8086',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/port: "eighty"/);
    expect(problems.join('\n')).toMatch(/clock: "sundial"/);
    expect(problems.join('\n')).toMatch(/--plc "PLC-1=x"/);
    expect(problems.join('\n')).toMatch(/INFLUX_URL/);
  });

  it('refuses unknown flags and a PLC given twice', () => {
    expect(() => parseGatewayConfig(['--colour', 'red'], {})).toThrow(ConfigError);
    expect(() =>
      parseGatewayConfig(['--plc', 'PLC-100=127.0.0.1:1', '--plc', 'PLC-100=127.0.0.1:2'], {}),
    ).toThrow(/given twice/);
  });

  it('answers help', () => {
    expect(parseGatewayConfig(['--help'], {}).help).toBe(true);
  });
});

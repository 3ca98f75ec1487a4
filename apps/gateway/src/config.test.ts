import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_HMI_DIR, DEFAULTS, parseGatewayConfig } from './config.js';

describe('parseGatewayConfig', () => {
  it('has the contract defaults', () => {
    const c = parseGatewayConfig([], {}, '/srv/zld');
    expect(c).toEqual({
      help: false,
      plantFile: undefined,
      host: '127.0.0.1',
      port: 8080,
      clock: 'wall',
      dataDir: '/srv/zld/data',
      adminPassword: undefined,
      adminPasswordFile: undefined,
      auditKeyFile: undefined,
      tls: undefined,
      trustProxy: undefined,
      allowedOrigins: [],
      socketsPerSession: 8,
      production: false,
      hmiDir: DEFAULT_HMI_DIR,
      hmiDirGiven: false,
      influxUrl: undefined,
      plcEndpoints: {},
      logLevel: 'info',
    });
    expect(DEFAULTS.port).toBe(8080);
    expect(DEFAULT_HMI_DIR).toMatch(/apps[/\\]hmi[/\\]dist$/);
  });

  it('reads the environment', () => {
    const c = parseGatewayConfig(
      [],
      {
        PLANT_FILE: 'plant.yaml',
        GATEWAY_PORT: '9000',
        ZLD_CLOCK: 'plc',
        ZLD_DATA_DIR: '/var/lib/zld',
        INFLUX_URL: 'http://127.0.0.1:8086/zld',
        ZLD_ADMIN_PASSWORD: 'a long first secret',
        ZLD_TLS_CERT: 'tls/cert.pem',
        ZLD_TLS_KEY: 'tls/key.pem',
        ZLD_TRUST_PROXY: '127.0.0.1',
        ZLD_PRODUCTION: 'true',
        ZLD_HMI_DIR: 'hmi',
      },
      '/srv/zld',
    );
    expect(c).toMatchObject({
      plantFile: '/srv/zld/plant.yaml',
      port: 9000,
      clock: 'plc',
      dataDir: '/var/lib/zld',
      influxUrl: 'http://127.0.0.1:8086/zld',
      adminPassword: 'a long first secret',
      tls: { certFile: '/srv/zld/tls/cert.pem', keyFile: '/srv/zld/tls/key.pem' },
      trustProxy: '127.0.0.1',
      production: true,
      hmiDir: '/srv/zld/hmi',
      hmiDirGiven: true,
    });
  });

  it('lets flags win over the environment', () => {
    const c = parseGatewayConfig(
      ['--port', '0', '--clock', 'wall', '--plant', 'other.yaml', '--host', '127.0.0.2'],
      { GATEWAY_PORT: '9000', ZLD_CLOCK: 'plc', PLANT_FILE: 'plant.yaml' },
      '/srv',
    );
    expect(c).toMatchObject({
      port: 0,
      clock: 'wall',
      plantFile: '/srv/other.yaml',
      host: '127.0.0.2',
    });
  });

  it('resolves relative paths from the folder npm was started in', () => {
    const c = parseGatewayConfig(
      ['--data-dir', 'var', '--plant', 'p.yaml', '--admin-password-file', 'secret.txt'],
      { INIT_CWD: '/home/op/zld', ZLD_AUDIT_KEY_FILE: 'keys/audit.key' },
      '/home/op/zld/apps/gateway',
    );
    expect(c).toMatchObject({
      dataDir: '/home/op/zld/var',
      plantFile: '/home/op/zld/p.yaml',
      adminPasswordFile: '/home/op/zld/secret.txt',
      auditKeyFile: '/home/op/zld/keys/audit.key',
    });
    expect(parseGatewayConfig(['--audit-key-file', '/k/a.key'], {}).auditKeyFile).toBe('/k/a.key');
  });

  it('takes TLS as a pair, and in production refuses plain HTTP off loopback', () => {
    expect(() => parseGatewayConfig(['--tls-cert', 'c.pem'], {})).toThrow(/both --tls-cert/);
    expect(parseGatewayConfig(['--production'], {}).production).toBe(true);
    expect(() => parseGatewayConfig(['--production', '--host', '0.0.0.0'], {})).toThrow(
      /plain HTTP on 0\.0\.0\.0 is refused/,
    );
    const tls = ['--tls-cert', 'c.pem', '--tls-key', 'k.pem'];
    expect(parseGatewayConfig(['--production', '--host', '0.0.0.0', ...tls], {}).tls).toBeDefined();
    expect(
      parseGatewayConfig(['--production', '--host', '0.0.0.0', '--trust-proxy', '10.0.0.2'], {})
        .trustProxy,
    ).toBe('10.0.0.2');
    expect(() => parseGatewayConfig([], { ZLD_PRODUCTION: 'maybe' })).toThrow(/ZLD_PRODUCTION/);
    expect(() =>
      parseGatewayConfig(['--admin-password-file', 'f'], { ZLD_ADMIN_PASSWORD: 'x' }),
    ).toThrow(/admin password once/);
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
    // A PLC's own name, "_ . :" included.
    expect(parseGatewayConfig(['--plc', 'CPU-1:Rack.0=127.0.0.1:502'], {}).plcEndpoints).toEqual({
      'CPU-1:Rack.0': { host: '127.0.0.1', port: 502 },
    });
    expect(() => parseGatewayConfig(['--plc', 'PLC 1=127.0.0.1:502'], {})).toThrow(
      /is not a PLC id/,
    );
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

  it('takes allowed origins (repeatable flag or a comma-separated list) and the socket cap', () => {
    const flags = parseGatewayConfig(
      ['--allowed-origin', 'https://HMI.plant:443', '--allowed-origin', 'http://10.0.0.5:8080'],
      { ZLD_ALLOWED_ORIGINS: 'https://ignored.example' },
    );
    expect(flags.allowedOrigins).toEqual(['https://hmi.plant', 'http://10.0.0.5:8080']);
    const env = parseGatewayConfig([], {
      ZLD_ALLOWED_ORIGINS: 'https://a.plant, https://b.plant:8443',
      ZLD_SOCKETS_PER_SESSION: '3',
    });
    expect(env.allowedOrigins).toEqual(['https://a.plant', 'https://b.plant:8443']);
    expect(env.socketsPerSession).toBe(3);
    expect(() => parseGatewayConfig(['--allowed-origin', 'https://a.plant/hmi'], {})).toThrow(
      /allowed origin: "https:\/\/a.plant\/hmi"/,
    );
    expect(() => parseGatewayConfig(['--allowed-origin', '*'], {})).toThrow(ConfigError);
    expect(() => parseGatewayConfig(['--sockets-per-session', '0'], {})).toThrow(
      /sockets per session/,
    );
  });

  it('answers help', () => {
    expect(parseGatewayConfig(['--help'], {}).help).toBe(true);
  });
});

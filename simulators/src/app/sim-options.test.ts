import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './sim-options.js';

describe('parseSimArgs', () => {
  it('has defaults', () => {
    expect(parseSimArgs([], {})).toEqual({
      help: false,
      host: '127.0.0.1',
      controlHost: '127.0.0.1',
      controlPort: 8090,
      speed: 1,
      seed: 1,
      ports: {},
      warnings: [],
    });
  });

  it('reads the environment', () => {
    const o = parseSimArgs([], {
      PLANT_FILE: 'plant.yaml',
      SIM_CONTROL_PORT: '18090',
      SIM_SPEED: '50',
      SIM_SEED: '7',
      SIM_PORTS: 'PLC-100=15020, PLC-300=15021',
      SIM_START: '2030-01-01T00:00:00Z',
      SIM_CONTROL_TOKEN: 'a-token-of-24-characters',
      SIM_CONTROL_HOST: '::1',
    });
    expect(o).toMatchObject({
      plantFile: 'plant.yaml',
      controlToken: 'a-token-of-24-characters',
      controlHost: '::1',
      controlPort: 18090,
      speed: 50,
      seed: 7,
      ports: { 'PLC-100': 15020, 'PLC-300': 15021 },
      startEpochMs: Date.parse('2030-01-01T00:00:00Z'),
    });
  });

  it('lets flags win over the environment', () => {
    const o = parseSimArgs(
      [
        '--plant',
        'other.yaml',
        '--control-port=0',
        '--speed',
        '100',
        '--port',
        'PLC-100=15020',
        '--port',
        'PLC-200=14840',
        '--host',
        '127.0.0.2',
        '--seed',
        '3',
        '--control-host',
        '127.0.0.3',
      ],
      { PLANT_FILE: 'plant.yaml', SIM_SPEED: '2', SIM_PORTS: 'PLC-100=1' },
    );
    expect(o).toMatchObject({
      plantFile: 'other.yaml',
      controlPort: 0,
      speed: 100,
      seed: 3,
      host: '127.0.0.2',
      controlHost: '127.0.0.3',
      ports: { 'PLC-100': 15020, 'PLC-200': 14840 },
    });
  });

  it("warns about, but does not fail on, the gateway's options", () => {
    const o = parseSimArgs(['--clock', 'plc', '--port', '9000', '--data-dir', 'd'], {});
    expect(o.warnings).toEqual([
      'ignored unknown option --clock',
      'ignored unknown option --data-dir',
      'ignored --port 9000 (expected <PLC>=<port>, e.g. PLC-100=15020)',
    ]);
    expect(o.ports).toEqual({});
  });

  it('rejects bad values with a plain message', () => {
    expect(() => parseSimArgs(['--speed', 'fast'], {})).toThrow(/--speed/);
    expect(() => parseSimArgs(['--speed', '5000'], {})).toThrow(/0 to 1000/);
    expect(() => parseSimArgs(['--control-port', '70000'], {})).toThrow(/port/);
    expect(() => parseSimArgs([], { SIM_CONTROL_TOKEN: 'short' })).toThrow(/16 characters/);
    expect(() => parseSimArgs(['--port', 'PLC-100=99999'], {})).toThrow(/PLC-100/);
    expect(parseSimArgs(['--port', 'Line1_PLC=15022'], {}).ports).toEqual({ Line1_PLC: 15022 });
    expect(() => parseSimArgs(['--start', 'yesterday'], {})).toThrow(/ISO-8601/);
  });

  it('resolves a relative plant file against the folder npm was started in', () => {
    expect(parseSimArgs(['--plant', 'plants/x.yaml'], { INIT_CWD: '/srv/zld' }).plantFile).toBe(
      '/srv/zld/plants/x.yaml',
    );
    expect(parseSimArgs(['--plant', '/abs/x.yaml'], { INIT_CWD: '/srv/zld' }).plantFile).toBe(
      '/abs/x.yaml',
    );
  });

  it('recognises --help', () => {
    expect(parseSimArgs(['--help'], {}).help).toBe(true);
  });
});

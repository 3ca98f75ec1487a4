import { loadPlantFile } from '@zld/plant';
import { TagEngine } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { startGateway, type Service } from './lifecycle.js';
import { createRuntime, type Runtime } from './runtime/runtime.js';
import { wallTimebase } from './runtime/timebase.js';

const plant = loadPlantFile();

/** A runtime without drivers whose start and stop are written to `log`. */
function loggedRuntime(log: string[]): Runtime {
  const runtime = createRuntime({
    plant,
    engine: new TagEngine(plant),
    drivers: () => [],
    timebase: wallTimebase(),
  });
  return {
    ...runtime,
    start: async () => {
      log.push('runtime start');
      await runtime.start();
    },
    stop: async () => {
      log.push('runtime stop');
      await runtime.stop();
    },
  };
}

const logged = (name: string, log: string[], fail?: 'start' | 'stop'): Service => ({
  start: () => {
    log.push(`${name} start`);
    if (fail === 'start') throw new Error(`${name} cannot start`);
  },
  stop: () => {
    log.push(`${name} stop`);
    if (fail === 'stop') throw new Error(`${name} cannot stop`);
  },
});

describe('startGateway', () => {
  it('starts the services, then the runtime, then listens; stops in the reverse order', async () => {
    const log: string[] = [];
    const runtime = loggedRuntime(log);
    const app = buildApp({ runtime, processMetrics: false });
    app.addHook('onReady', async () => void log.push('app ready'));
    app.addHook('onClose', async () => void log.push('app closed'));
    const gateway = await startGateway({
      services: [logged('store', log), logged('history', log), logged('alarms', log)],
      runtime,
      app,
      listen: { host: '127.0.0.1', port: 0 },
    });
    expect(gateway.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(log).toEqual([
      'app ready',
      'store start',
      'history start',
      'alarms start',
      'runtime start',
    ]);
    log.length = 0;
    await gateway.stop();
    await gateway.stop();
    expect(log).toEqual([
      'app closed',
      'runtime stop',
      'alarms stop',
      'history stop',
      'store stop',
    ]);
  });

  it('stops what had started when a service cannot start, and does not listen', async () => {
    const log: string[] = [];
    const runtime = loggedRuntime(log);
    const app = buildApp({ runtime, processMetrics: false });
    await expect(
      startGateway({
        services: [logged('store', log), logged('history', log, 'start'), logged('alarms', log)],
        runtime,
        app,
        listen: { host: '127.0.0.1', port: 0 },
      }),
    ).rejects.toThrow('history cannot start');
    expect(log).toEqual(['store start', 'history start', 'history stop', 'store stop']);
    expect(app.server.listening).toBe(false);
  });

  it('stops every service even when one fails to stop, then reports the failure', async () => {
    const log: string[] = [];
    const runtime = loggedRuntime(log);
    const app = buildApp({ runtime, processMetrics: false });
    const gateway = await startGateway({
      services: [logged('store', log), logged('alarms', log, 'stop')],
      runtime,
      app,
    });
    expect(gateway.address).toBeNull();
    log.length = 0;
    await expect(gateway.stop()).rejects.toThrow('alarms cannot stop');
    expect(log).toEqual(['runtime stop', 'alarms stop', 'store stop']);
  });
});

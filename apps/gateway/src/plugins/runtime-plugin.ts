// Decorates the app with the runtime (`app.runtime`): started when the app is ready, stopped first on close.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerRuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { Runtime } from '../runtime/runtime.js';

declare module 'fastify' {
  interface FastifyInstance {
    runtime: Runtime;
  }
}

export interface RuntimePluginOptions {
  runtime: Runtime;
}

async function registerRuntime(app: FastifyInstance, opts: RuntimePluginOptions): Promise<void> {
  const { runtime } = opts;
  app.decorate('runtime', runtime);
  registerRuntimeMetrics(app.metrics.registry, runtime);
  app.addHook('onReady', async () => {
    await runtime.start();
  });
  // Stop polling before sockets and the server close.
  app.addHook('preClose', async () => {
    await runtime.stop();
  });
}

export const runtimePlugin = fp(registerRuntime, {
  name: 'zld-runtime',
  fastify: '5.x',
  dependencies: ['zld-metrics'],
});

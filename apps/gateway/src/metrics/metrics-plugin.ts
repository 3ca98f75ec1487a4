// The app's own Prometheus registry (`app.metrics`): process, runtime (per PLC, tag engine) and HTTP metrics.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Runtime } from '../runtime/runtime.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Each plugin adds its metrics to this registry; `/metrics` exposes it. */
    metrics: { registry: Registry };
  }
}

export interface MetricsPluginOptions {
  /** Its per-PLC and tag-engine counters are read at scrape time. */
  runtime: Runtime;
  /** A registry to fill (default: a new one per app; never the global registry). */
  registry?: Registry;
  /** Node.js process metrics (CPU, memory, event loop); default true. */
  processMetrics?: boolean;
}

async function registerMetrics(app: FastifyInstance, opts: MetricsPluginOptions): Promise<void> {
  const registry = opts.registry ?? new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'zld_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'zld_http_request_duration_seconds',
    help: 'HTTP request duration, by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const exceptions = new Counter({
    name: 'zld_http_exceptions_total',
    help: 'HTTP requests that ended in a 5xx answer',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  registerRuntimeMetrics(registry, opts.runtime);
  app.decorate('metrics', { registry });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label, so scanners cannot grow the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) exceptions.inc({ route });
  });
}

export const metricsPlugin = fp(registerMetrics, { name: 'zld-metrics', fastify: '5.x' });

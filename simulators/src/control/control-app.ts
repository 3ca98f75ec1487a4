// The simulator control API (fastify): ground truth, speed and faults. Builds the app; never listens itself.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { FaultRequestError } from '../core/fault-book.js';
import type { FaultSpec } from '../core/faults.js';
import type { SimControl } from '../core/simulator.js';
import {
  errorResponse,
  faultBody,
  faultIdParams,
  faultIdResponse,
  faultList,
  speedBody,
  speedResponse,
  stateResponse,
} from './schemas.js';

export interface ControlAppOptions {
  /** The bearer token every request must carry (`Authorization: Bearer <token>`). */
  token: string;
  logger?: boolean;
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** True when the header carries the token; compared in constant time (digests of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  return timingSafeEqual(given, digest(token)) && m !== null;
}

/**
 * Every request needs `Authorization: Bearer <token>` (401 `UNAUTHORIZED` without it, before any route or
 * body check). Routes: `GET /sim/state`, `POST /sim/speed {factor}`, `POST /sim/faults {kind, target, magnitude?,
 * durationS?}` (201 `{id}`), `GET /sim/faults`, `DELETE /sim/faults/:id` (200 `{id}`). Errors are
 * `{error: {code, message}}`: 400 for a body that fails its schema (unknown fields included) or a fault
 * the simulator cannot play, 404 for an unknown fault or route.
 */
export function buildControlApp(sim: SimControl, options: ControlAppOptions): FastifyInstance {
  if (options.token.length < 16)
    throw new Error('the control API token must have at least 16 characters');
  const app = Fastify({
    logger: options.logger ?? false,
    // Reject what the schema does not allow instead of quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.validation) return reply.code(400).send(errorBody('BAD_REQUEST', err.message));
    if (err instanceof FaultRequestError)
      return reply.code(400).send(errorBody('BAD_FAULT', err.message));
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.code(status).send(errorBody(err.code ?? 'BAD_REQUEST', err.message));
    app.log.error(err);
    return reply
      .code(500)
      .send(errorBody('INTERNAL', 'the simulator failed to handle the request'));
  });
  app.addHook('onRequest', async (req, reply) => {
    if (bearerMatches(req.headers.authorization, options.token)) return;
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="simulator control"')
      .send(errorBody('UNAUTHORIZED', 'the control API needs "Authorization: Bearer <token>"'));
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url}`)),
  );

  const errors = { 400: errorResponse, 404: errorResponse, 500: errorResponse };

  app.get('/sim/state', { schema: { response: { 200: stateResponse, ...errors } } }, () =>
    sim.state(),
  );

  app.post<{ Body: { factor: number } }>(
    '/sim/speed',
    { schema: { body: speedBody, response: { 200: speedResponse, ...errors } } },
    (req) => {
      sim.setSpeed(req.body.factor);
      return { factor: sim.speed };
    },
  );

  app.get('/sim/faults', { schema: { response: { 200: faultList, ...errors } } }, () =>
    sim.listFaults(),
  );

  app.post<{ Body: FaultSpec }>(
    '/sim/faults',
    { schema: { body: faultBody, response: { 201: faultIdResponse, ...errors } } },
    async (req, reply) => {
      const fault = await sim.addFault(req.body);
      return reply.code(201).send({ id: fault.id });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/sim/faults/:id',
    { schema: { params: faultIdParams, response: { 200: faultIdResponse, ...errors } } },
    async (req, reply) => {
      if (!(await sim.clearFault(req.params.id)))
        return reply.code(404).send(errorBody('NOT_FOUND', `no fault ${req.params.id}`));
      return { id: req.params.id };
    },
  );

  return app;
}

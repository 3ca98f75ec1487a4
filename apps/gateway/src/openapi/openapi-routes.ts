// GET /api/openapi.json (viewer): the OpenAPI 3.1 document of the route table, made once when the app is built.
import { API_ROUTES, openApiDocument } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';

/** The document describes `API_ROUTES`, from the same schemas every route validates and answers with. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  const document = openApiDocument(API_ROUTES);
  defineRoute(app, API_ROUTES.openapi, { handler: async () => document });
}

// Every REST route the gateway serves: method, path, least access and schemas (gateway, HMI and OpenAPI share these).
import { ALARM_API_ROUTES } from './routes/alarm-routes.js';
import { APPROVAL_API_ROUTES } from './routes/approval-routes.js';
import { HISTORY_API_ROUTES } from './routes/history-routes.js';
import { MFA_ROUTES } from './routes/mfa-routes.js';
import { PLANT_ROUTES } from './routes/plant-routes.js';
import { SESSION_ROUTES } from './routes/session-routes.js';
import { TAG_ROUTES } from './routes/tag-routes.js';
import type { ApiRoute } from './route-spec.js';

export { pathOf, replySchemaOf } from './route-spec.js';
export type {
  ApiRoute,
  BodyOf,
  HttpMethod,
  ParamsOf,
  QueryOf,
  ReplyOf,
  ReplySchemaOf,
  RouteSchema,
  RouteSpec,
} from './route-spec.js';

/**
 * The contract's routes and the ones the gateway adds to it (sessions, users, select-before-operate,
 * alarm commands and KPIs, the historian quarantine, this API's OpenAPI document). The gateway registers
 * each with this method, path, access and schema; the HMI builds URLs from the paths, checks answers
 * against the schemas and hides actions a user's role does not allow.
 */
export const API_ROUTES = {
  ...SESSION_ROUTES,
  ...MFA_ROUTES,
  ...TAG_ROUTES,
  ...ALARM_API_ROUTES,
  ...APPROVAL_API_ROUTES,
  ...HISTORY_API_ROUTES,
  ...PLANT_ROUTES,
} as const satisfies Record<string, ApiRoute>;

export type RouteName = keyof typeof API_ROUTES;

// The history routes: the contract's two (from `@zld/api`) and the quarantine routes this work adds, with least access.
import { API_ROUTES, type RouteSpec } from '@zld/api';

export const HISTORY_ROUTES = {
  history: API_ROUTES.history,
  historyCsv: API_ROUTES.historyCsv,
  /** Batches the store refused repeatedly (4.4): listed for engineers. */
  quarantine: { method: 'GET', path: '/api/historian/quarantine', access: 'engineer' },
  /** Puts a quarantined batch back in the queue at its original place. */
  quarantineRetry: {
    method: 'POST',
    path: '/api/historian/quarantine/:id/retry',
    access: 'engineer',
  },
  /** A quarantined batch as JSON Lines, one point per line. */
  quarantineExport: {
    method: 'GET',
    path: '/api/historian/quarantine/:id/export',
    access: 'engineer',
  },
} as const satisfies Record<string, RouteSpec>;

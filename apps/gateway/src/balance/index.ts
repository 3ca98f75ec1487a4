// The water-balance service, GET /api/water-balance and the `water-balance` socket.io event.
export { BalanceService } from './balance-service.js';
export type { BalanceListener, BalanceServiceOptions, BalanceSource } from './balance-service.js';
export { balanceRoutes } from './balance-routes.js';
export type { BalanceRoutesOptions } from './balance-routes.js';
export { balanceLive } from './balance-live.js';
export type { BalanceLiveOptions } from './balance-live.js';

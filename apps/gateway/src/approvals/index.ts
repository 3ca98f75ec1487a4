// Two-person approval: the service, its routes and its live event.
export { ApprovalError, ApprovalService } from './approval-service.js';
export type {
  ApplyContext,
  ApplyResult,
  ApprovalActor,
  ApprovalListener,
  ApprovalRequest,
  ApprovalServiceOptions,
} from './approval-service.js';
export { approvalActorOf, approvalRoutes, type ApprovalRoutesOptions } from './approval-routes.js';
export { approvalLive, type ApprovalLiveOptions } from './approval-live.js';

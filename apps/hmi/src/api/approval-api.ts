// Two-person approval through the REST API: the list, approve (with the approver's own password), reject, cancel.
import { API_ROUTES, type ApprovalDto } from '@zld/api';
import { request } from './http.js';

export function fetchApprovals(signal?: AbortSignal): Promise<ApprovalDto[]> {
  return request(API_ROUTES.approvals, signal ? { signal } : {});
}

/**
 * Approves another user's request: the gateway re-checks the password (and the two-factor code of an
 * approver who uses it), then applies the action.
 */
export function approveRequest(id: string, password: string, code = ''): Promise<ApprovalDto> {
  const body = code.trim() === '' ? { password } : { password, code: code.trim() };
  return request(API_ROUTES.approvalApprove, { params: { id }, body });
}

export function rejectRequest(id: string, comment = ''): Promise<ApprovalDto> {
  const body = comment.trim() === '' ? {} : { comment: comment.trim() };
  return request(API_ROUTES.approvalReject, { params: { id }, body });
}

export function cancelRequest(id: string): Promise<ApprovalDto> {
  return request(API_ROUTES.approvalCancel, { params: { id }, body: {} });
}

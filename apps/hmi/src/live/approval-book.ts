// The two-person approvals the HMI knows of: replaced by the gateway's list on connect, then updated by each `approvals` event.
import type { ApprovalDto } from '@zld/api';

export class ApprovalBook {
  private byId = new Map<string, ApprovalDto>();
  private listCache: readonly ApprovalDto[] = [];
  private readonly listeners = new Set<() => void>();

  /** Stable (an arrow property) so React does not resubscribe on every render. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Pending first (oldest first), then the decided ones (newest decision first); the same array until a change. */
  readonly list = (): readonly ApprovalDto[] => this.listCache;

  /** The gateway's whole list (the snapshot on connect, or `GET /api/approvals`). */
  replace(all: readonly ApprovalDto[]): void {
    this.byId = new Map(all.map((a) => [a.id, a] as const));
    this.publish();
  }

  /** Changed approvals (a request, a decision, an expiry). */
  apply(changed: readonly ApprovalDto[]): void {
    for (const a of changed) this.byId.set(a.id, a);
    this.publish();
  }

  private publish(): void {
    const all = [...this.byId.values()];
    const pending = all
      .filter((a) => a.state === 'pending')
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    const decided = all
      .filter((a) => a.state !== 'pending')
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
      .slice(0, 100);
    this.listCache = [...pending, ...decided];
    for (const l of this.listeners) l();
  }
}

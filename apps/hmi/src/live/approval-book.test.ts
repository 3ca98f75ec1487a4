import type { ApprovalDto } from '@zld/api';
import { describe, expect, it } from 'vitest';
import { ApprovalBook } from './approval-book.js';

const approval = (id: string, over: Partial<ApprovalDto> = {}): ApprovalDto => ({
  id,
  kind: 'alarm-settings',
  target: 'LIC-402.HH',
  summary: `change ${id}`,
  oldValue: { limit: 90 },
  newValue: { limit: 88 },
  reason: 'x',
  requestedBy: 'engineer',
  requiredRole: 'engineer',
  requestedAt: '2025-03-01T06:00:00.000Z',
  expiresAt: '2025-03-01T06:05:00.000Z',
  state: 'pending',
  decidedBy: null,
  decidedAt: null,
  comment: null,
  result: null,
  ...over,
});

describe('ApprovalBook', () => {
  it('lists pending requests oldest first, then decisions newest first, and follows changes', () => {
    const book = new ApprovalBook();
    let heard = 0;
    book.subscribe(() => heard++);
    book.replace([
      approval('b', { requestedAt: '2025-03-01T06:01:00.000Z' }),
      approval('a'),
      approval('c', { state: 'expired', decidedAt: '2025-03-01T05:00:00.000Z' }),
    ]);
    expect(book.list().map((x) => x.id)).toEqual(['a', 'b', 'c']);
    const before = book.list();
    expect(book.list()).toBe(before);
    book.apply([approval('a', { state: 'applied', decidedAt: '2025-03-01T06:02:00.000Z' })]);
    expect(book.list().map((x) => [x.id, x.state])).toEqual([
      ['b', 'pending'],
      ['a', 'applied'],
      ['c', 'expired'],
    ]);
    expect(heard).toBe(2);
  });
});

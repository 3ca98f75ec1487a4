// A water balance for tests as displays read it (a live result carries more fields; a replayed one these).
import type { Quality } from '@zld/api';
import type { BalanceView } from './plant-views.js';

export function balanceResult(patch: Partial<BalanceView> = {}): BalanceView {
  const term = (id: string, side: 'in' | 'out', kgH: number, quality: Quality = 'Good') => ({
    id,
    label: id,
    kind: side === 'in' ? 'input' : 'export',
    side,
    kgH,
    quality,
    tags: [],
  });
  return {
    ts: '2025-01-01T01:00:00.000Z',
    quality: 'Good',
    questionable: false,
    issues: [],
    windows: [
      {
        id: '5m',
        seconds: 300,
        filled: true,
        in: [],
        out: [],
        inventory: { changeKgH: 0, quality: 'Good' },
        residual: { kgH: 0, quality: 'Good' },
        closurePct: null,
        tolerancePct: null,
        limitState: null,
        quality: 'Good',
      },
      {
        id: '1h',
        seconds: 3600,
        filled: true,
        in: [term('makeup', 'in', 0.5), term('hcl-water', 'in', 3.5, 'Uncertain_LastUsableValue')],
        out: [term('export', 'out', 3.7), term('discharge', 'out', 0)],
        inventory: { changeKgH: 0.2, quality: 'Good' },
        residual: { kgH: 0.1, sigmaKgH: 0.05, quality: 'Uncertain_LastUsableValue' },
        closurePct: 0.2,
        uncertaintyPct: 0.1,
        tolerancePct: { H: 2, HH: 5 },
        limitState: 'normal',
        quality: 'Uncertain_LastUsableValue',
        questionable: true,
      },
      {
        id: '24h',
        seconds: 86400,
        filled: false,
        in: [],
        out: [],
        inventory: { changeKgH: Number.NaN, quality: 'Good' },
        residual: { kgH: 0, quality: 'Good' },
        closurePct: null,
        tolerancePct: { H: 5, HH: 10 },
        limitState: null,
        quality: 'Uncertain_SubNormal',
      },
    ],
    condensateRecovery: {
      pct: 97,
      lowPct: 95,
      lowLowPct: 90,
      limitState: 'normal',
      quality: 'Good',
    },
    discharge: { state: 'none', quality: 'Good' },
    ...patch,
  };
}

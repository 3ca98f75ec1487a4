// A water-balance result for tests, shaped like the balance package's result.
import type { WaterBalanceDto } from '../api/dto.js';

export function balanceResult(patch: Partial<WaterBalanceDto> = {}): WaterBalanceDto {
  const term = (id: string, side: 'in' | 'out', kgH: number, quality = 'Good') => ({
    id,
    label: id,
    kind: side === 'in' ? ('input' as const) : ('export' as const),
    side,
    kgH,
    quality: quality as never,
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

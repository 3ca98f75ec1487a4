import { describe, expect, it } from 'vitest';
import { balanceResult } from './balance.fixture.js';
import { balanceDiagram, closureRows, dischargeVerdict } from './balance-view.js';

describe('balance diagram', () => {
  it('shows the first window with a tolerance by default, with each term and its quality', () => {
    const d = balanceDiagram(balanceResult())!;
    expect(d.windowId).toBe('1h');
    expect(d.inputs.map((f) => [f.id, f.kgH, f.quality])).toEqual([
      ['makeup', 0.5, 'Good'],
      ['hcl-water', 3.5, 'Uncertain_LastUsableValue'],
    ]);
    expect(d.outputs.map((f) => f.id)).toEqual(['export', 'discharge']);
    expect(d.inventory).toMatchObject({ kgH: 0.2, quality: 'Good' });
    expect(d.residual).toMatchObject({
      kgH: 0.1,
      sigmaKgH: 0.05,
      quality: 'Uncertain_LastUsableValue',
    });
    expect(d.questionable).toBe(true);
  });

  it('shows a chosen window and turns non-numbers into no value', () => {
    const d = balanceDiagram(balanceResult(), '24h')!;
    expect(d.windowId).toBe('24h');
    expect(d.filled).toBe(false);
    expect(d.inventory.kgH).toBeNull();
    expect(balanceDiagram(balanceResult({ windows: [] }))).toBeNull();
  });
});

describe('ZLD status', () => {
  it('gives closure per window against its tolerance', () => {
    expect(closureRows(balanceResult()).map((r) => [r.id, r.verdict])).toEqual([
      ['5m', 'n/a'],
      ['1h', 'ok'],
      ['24h', 'filling'],
    ]);
    const b = balanceResult();
    b.windows[1] = { ...b.windows[1]!, closurePct: 3.1, limitState: 'H' };
    expect(closureRows(b)[1]!.verdict).toBe('H');
  });

  it('says NONE only for a known, non-Bad no-discharge state', () => {
    expect(dischargeVerdict(balanceResult())).toBe('none');
    expect(
      dischargeVerdict(balanceResult({ discharge: { state: 'flowing', quality: 'Good' } })),
    ).toBe('DETECTED');
    expect(dischargeVerdict(balanceResult({ discharge: { state: 'open', quality: 'Good' } }))).toBe(
      'DETECTED',
    );
    expect(
      dischargeVerdict(
        balanceResult({ discharge: { state: 'none', quality: 'Bad_CommunicationError' } }),
      ),
    ).toBe('UNKNOWN');
    expect(
      dischargeVerdict(balanceResult({ discharge: { state: 'unknown', quality: 'Uncertain' } })),
    ).toBe('UNKNOWN');
    expect(dischargeVerdict(null)).toBe('UNKNOWN');
  });

  it('says DETECTED while the discharge alarm is active, whatever the balance says', () => {
    expect(dischargeVerdict(balanceResult(), true)).toBe('DETECTED');
    expect(dischargeVerdict(null, true)).toBe('DETECTED');
  });
});

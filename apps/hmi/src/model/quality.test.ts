import { describe, expect, it } from 'vitest';
import { overlayOf, qualityShort, severityOf } from './quality.js';

describe('quality classes', () => {
  it('takes severity from the OPC UA style name', () => {
    expect(severityOf('Good')).toBe('Good');
    expect(severityOf('Good_WritePending')).toBe('Good');
    expect(severityOf('Uncertain_SubNormal')).toBe('Uncertain');
    expect(severityOf('Bad_Stale')).toBe('Bad');
    expect(severityOf('Bad')).toBe('Bad');
  });

  it('gives each non-good case a distinct overlay', () => {
    expect(overlayOf('Good', false)).toBe('none');
    expect(overlayOf('Uncertain', false)).toBe('uncertain');
    expect(overlayOf('Bad_CommunicationError', false)).toBe('bad');
    expect(overlayOf('Bad_Stale', false)).toBe('stale');
    expect(overlayOf('Good', true)).toBe('stale');
    expect(overlayOf('Uncertain', true)).toBe('stale');
  });

  it('abbreviates codes and falls back to the severity for unknown ones', () => {
    expect(qualityShort('Good')).toBe('');
    expect(qualityShort('Good_Backfill')).toBe('');
    expect(qualityShort('Bad_NoCommunication')).toBe('NO COMM');
    expect(qualityShort('Bad_SomethingNew')).toBe('BAD');
    expect(qualityShort('Uncertain_Other')).toBe('UNCERTAIN');
  });
});

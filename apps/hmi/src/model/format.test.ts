import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue } from './format.js';

const flow = { decimals: 2, unit: 'L/h', dataType: 'float32' as const };
const pump = {
  decimals: 0,
  unit: '',
  dataType: 'bool' as const,
  states: { '0': 'STOPPED', '1': 'RUNNING' },
};

describe('formatValue', () => {
  it('draws a Good value on a live link as a plain number with the tag decimals', () => {
    const f = formatValue(flow, { value: 49.876, quality: 'Good' });
    expect(f).toMatchObject({ text: '49.88', unit: 'L/h', overlay: 'none', mark: '', plain: true });
  });

  it('never draws a Bad value as a number, even when a stale number is still attached', () => {
    for (const q of [
      'Bad_CommunicationError',
      'Bad_NoCommunication',
      'Bad_WaitingForInitialData',
      'Bad_DeviceFailure',
    ] as const) {
      const f = formatValue(flow, { value: 12.5, quality: q });
      expect(f.overlay).toBe('bad');
      expect(f.plain).toBe(false);
      expect(f.text).not.toMatch(/\d/);
    }
    expect(formatValue(flow, { value: null, quality: 'Bad_CommunicationError' }).mark).toBe('COMM');
  });

  it('marks an Uncertain value with its own overlay and a short code', () => {
    const f = formatValue(flow, { value: 3, quality: 'Uncertain_LastUsableValue' });
    expect(f).toMatchObject({ text: '3.00', overlay: 'uncertain', mark: 'LAST', plain: false });
  });

  it('marks a value beyond the range as questionable (RANGE), keeping the number it read', () => {
    const q = 'Uncertain_EngineeringUnitsExceeded';
    expect(formatValue(flow, { value: 8.8e32, quality: q })).toMatchObject({
      text: '8.8e+32',
      overlay: 'uncertain',
      mark: 'RANGE',
      plain: false,
    });
    expect(formatValue(flow, { value: 210.5, quality: q })).toMatchObject({ text: '210.50' });
  });

  it('shows Bad_Stale and values held over a lost connection as stale', () => {
    expect(formatValue(flow, { value: null, quality: 'Bad_Stale' })).toMatchObject({
      overlay: 'stale',
      mark: 'STALE',
      plain: false,
    });
    const held = formatValue(flow, { value: 7, quality: 'Good' }, true);
    expect(held).toMatchObject({ text: '7.00', overlay: 'stale', mark: 'STALE', plain: false });
    expect(held.quality).toMatch(/connection lost/);
  });

  it('keeps Bad ahead of a lost connection (a Bad value stays Bad, not merely stale)', () => {
    expect(formatValue(flow, { value: null, quality: 'Bad_DeviceFailure' }, true).overlay).toBe(
      'bad',
    );
  });

  it('labels discrete values with their states', () => {
    expect(formatValue(pump, { value: true, quality: 'Good' }).text).toBe('RUNNING');
    expect(formatValue(pump, { value: false, quality: 'Good' }).text).toBe('STOPPED');
    expect(
      formatNumber({ ...pump, states: { '0': 'MAN', '1': 'AUTO' }, dataType: 'uint16' }, 1),
    ).toBe('AUTO');
  });

  it('formats a missing value as a placeholder', () => {
    expect(formatNumber(flow, null)).toBe('--');
    expect(formatNumber(flow, Number.NaN)).toBe('--');
    expect(formatValue(flow, { value: null, quality: 'Good' }).plain).toBe(false);
  });
});

import { StatusCodes } from 'node-opcua-status-code';
import { describe, expect, it } from 'vitest';
import {
  isBad,
  isGood,
  isQuality,
  isUncertain,
  LOCAL_QUALITIES,
  qualityFromCode,
  severityOf,
  STATUS_CODES,
  type Quality,
} from './quality.js';

const opcua = StatusCodes as unknown as Record<string, { value: number } | undefined>;
const names = Object.keys(STATUS_CODES) as Quality[];
const realCodes = new Set(
  Object.values(opcua)
    .filter((s): s is { value: number } => typeof s?.value === 'number')
    .map((s) => s.value >>> 0),
);

describe('status-code values', () => {
  it.each(names.filter((n) => !LOCAL_QUALITIES.includes(n)))(
    '%s equals the OPC UA table',
    (name) => {
      const ref = opcua[name.replace('_', '')];
      expect(ref, `${name} is not in the OPC UA table`).toBeDefined();
      expect(STATUS_CODES[name].toString(16)).toBe((ref!.value >>> 0).toString(16));
    },
  );

  it.each(LOCAL_QUALITIES)('%s is no OPC UA code and collides with none', (name) => {
    expect(opcua[name.replace('_', '')]).toBeUndefined();
    expect(realCodes.has(STATUS_CODES[name])).toBe(false);
  });

  it('gives Bad_Stale a Bad-class value and the local Good codes a Good-class value', () => {
    expect(severityOf('Bad_Stale')).toBe('Bad');
    expect(severityOf('Good_Backfill')).toBe('Good');
    expect(severityOf('Good_WritePending')).toBe('Good');
  });

  it('has one name per value', () => {
    expect(new Set(Object.values(STATUS_CODES)).size).toBe(names.length);
  });
});

describe('severity and lookup', () => {
  it('takes severity from the top two bits', () => {
    expect(severityOf('Good_LocalOverride')).toBe('Good');
    expect(severityOf('Uncertain_LastUsableValue')).toBe('Uncertain');
    expect(severityOf('Bad_WaitingForInitialData')).toBe('Bad');
    expect([isGood('Good'), isUncertain('Uncertain'), isBad('Bad_Timeout')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([isGood('Bad'), isBad('Uncertain'), isUncertain('Good')]).toEqual([false, false, false]);
  });

  it('maps numeric codes to names, ignoring the info bits', () => {
    expect(qualityFromCode(0x80050000)).toBe('Bad_CommunicationError');
    expect(qualityFromCode(0x00960400)).toBe('Good_LocalOverride');
    expect(qualityFromCode(StatusCodes.BadWaitingForInitialData.value)).toBe(
      'Bad_WaitingForInitialData',
    );
  });

  it('falls back to the severity class for codes it does not name', () => {
    // Bad_InvalidArgument: an earlier value of Bad_Stale collided with it.
    expect(qualityFromCode(StatusCodes.BadInvalidArgument.value)).toBe('Bad');
    expect(qualityFromCode(StatusCodes.UncertainInitialValue.value)).toBe('Uncertain');
    expect(qualityFromCode(StatusCodes.GoodClamped.value)).toBe('Good');
  });

  it('recognises quality names', () => {
    expect(isQuality('Bad_Stale')).toBe(true);
    expect(isQuality('Bad_Nonsense')).toBe(false);
    expect(isQuality('toString')).toBe(false);
  });
});

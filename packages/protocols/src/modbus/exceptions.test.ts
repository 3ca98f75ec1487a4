import { describe, expect, it } from 'vitest';
import {
  classifyModbusError,
  exceptionName,
  readExceptionRule,
  writeExceptionRule,
} from './exceptions.js';
import { ConnectionLostError } from './connection.js';

describe('Modbus exception rules (section 3.5)', () => {
  it.each([
    [0x01, 'Bad_ConfigurationError', 'config'],
    [0x02, 'Bad_ConfigurationError', 'config'],
    [0x03, 'Bad_ConfigurationError', 'config'],
    [0x04, 'Bad_DeviceFailure', 'device'],
    [0x05, 'Uncertain_LastUsableValue', 'busy'],
    [0x06, 'Uncertain_LastUsableValue', 'busy'],
    [0x07, 'Bad_DeviceFailure', 'device'],
    [0x08, 'Bad_DeviceFailure', 'device'],
    [0x0a, 'Bad_CommunicationError', 'comm'],
    [0x0b, 'Bad_CommunicationError', 'comm'],
    [0x42, 'Bad_DeviceFailure', 'device'],
  ])('read exception %i -> %s (%s)', (code, quality, action) => {
    expect(readExceptionRule(code)).toEqual({ quality, action });
  });

  it('on write, 0x05 is a pending write and 0x03 a refused value', () => {
    expect(writeExceptionRule(0x05)).toEqual({ quality: 'Good_WritePending', action: 'pending' });
    expect(writeExceptionRule(0x03).action).toBe('rejected');
    expect(writeExceptionRule(0x02)).toEqual(readExceptionRule(0x02));
  });

  it('names codes in hex', () => {
    expect(exceptionName(2)).toBe('0x02');
    expect(exceptionName(0x0b)).toBe('0x0b');
  });
});

describe('classifyModbusError', () => {
  it('tells exceptions, timeouts and lost links apart', () => {
    expect(
      classifyModbusError(Object.assign(new Error('Modbus exception 2'), { modbusCode: 2 })),
    ).toMatchObject({
      kind: 'exception',
      code: 2,
    });
    expect(
      classifyModbusError({
        name: 'TransactionTimedOutError',
        message: 'Timed out',
        errno: 'ETIMEDOUT',
      }),
    ).toMatchObject({
      kind: 'timeout',
    });
    expect(classifyModbusError(new ConnectionLostError('gone'))).toMatchObject({
      kind: 'connection',
      message: 'gone',
    });
    expect(
      classifyModbusError({
        name: 'PortNotOpenError',
        message: 'Port Not Open',
        errno: 'ECONNREFUSED',
      }),
    ).toMatchObject({
      kind: 'connection',
    });
    expect(classifyModbusError(undefined).kind).toBe('connection');
  });
});

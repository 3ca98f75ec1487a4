import { protocols } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { parseConnection, textOf } from './index.js';

const settingsOf = (url: string) => {
  const r = parseConnection(url);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('PLC connection URLs', () => {
  it.each([
    [
      'modbus://10.0.0.5?unit=3&order=CDAB&timeout=500',
      {
        host: '10.0.0.5',
        port: 502,
        unitId: 3,
        timeoutMs: 500,
        byteOrder: 'big',
        wordOrder: 'little',
      },
      'modbus://10.0.0.5:502?unit=3&timeout=500&order=CDAB',
    ],
    [
      'modbus-rtu-tcp://10.0.0.6:4001?unit=7',
      { transport: 'rtu-over-tcp', host: '10.0.0.6', port: 4001, unitId: 7 },
      'modbus-rtu-tcp://10.0.0.6:4001?unit=7',
    ],
    [
      'modbus-rtu:///dev/ttyUSB0?unit=2&baud=19200&parity=none',
      {
        transport: 'rtu',
        unitId: 2,
        serial: { path: '/dev/ttyUSB0', baudRate: 19200, parity: 'none' },
      },
      'modbus-rtu:///dev/ttyUSB0?unit=2&baud=19200&parity=none',
    ],
    [
      'opc.tcp://10.0.0.7:4840/ua?namespace=urn:line:plc&security=SignAndEncrypt&policy=Basic256Sha256',
      {
        endpointUrl: 'opc.tcp://10.0.0.7:4840/ua',
        namespaceUri: 'urn:line:plc',
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
      },
      'opc.tcp://10.0.0.7:4840/ua?namespace=urn:line:plc&security=SignAndEncrypt&policy=Basic256Sha256',
    ],
    ['loopback://127.0.0.1:5030', { host: '127.0.0.1', port: 5030 }, 'loopback://127.0.0.1:5030'],
  ])('%s', (url, settings, back) => {
    const c = settingsOf(url);
    expect(c.settings).toEqual(settings);
    expect(textOf(c.protocol)!.formatUrl(c.settings)).toBe(back);
    const parsed = protocols.get(c.protocol)!.settings.safeParse(c.settings);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(textOf(c.protocol)!.formatUrl(parsed.data as Record<string, unknown>)).toBe(back);
  });

  it('says what is wrong with a URL', () => {
    const error = (url: string) => {
      const r = parseConnection(url);
      return r.ok ? 'ok' : r.error;
    };
    expect(error('ftp://x')).toMatch(/is not a PLC URL/);
    expect(error('modbus-rtu://?baud=9600')).toMatch(/a serial line needs its device/);
    expect(error('modbus://10.0.0.5/x')).toMatch(/has no path/);
    expect(error('modbus://10.0.0.5?baud=9600')).toMatch(/for a serial line/);
    expect(error('modbus://10.0.0.5?order=XYZW')).toMatch(/unknown word order "XYZW"/);
  });
});

import { describe, expect, it } from 'vitest';
import type { OpcuaPlcOptions } from './schema.js';
import { checkSecurity, isLoopbackEndpoint } from './security.js';

const opts = (
  endpointUrl: string,
  securityMode: string,
  securityPolicy: string,
): Pick<OpcuaPlcOptions, 'endpointUrl' | 'securityMode' | 'securityPolicy'> =>
  ({ endpointUrl, securityMode, securityPolicy }) as Pick<
    OpcuaPlcOptions,
    'endpointUrl' | 'securityMode' | 'securityPolicy'
  >;

describe('isLoopbackEndpoint', () => {
  it.each([
    ['opc.tcp://127.0.0.1:4840', true],
    ['opc.tcp://127.1.2.3:4840/path', true],
    ['opc.tcp://localhost:4840', true],
    ['opc.tcp://[::1]:4840', true],
    ['opc.tcp://10.0.0.5:4840', false],
    ['opc.tcp://plc-200.plant:4840', false],
    ['opc.tcp://127.0.0.1.evil:4840', false],
  ])('%s -> %s', (url, expected) => {
    expect(isLoopbackEndpoint(url)).toBe(expected);
  });
});

describe('checkSecurity', () => {
  const remote = 'opc.tcp://10.0.0.5:4840';
  const local = 'opc.tcp://127.0.0.1:4840';

  it.each([
    ['Sign', 'Basic256Sha256'],
    ['SignAndEncrypt', 'Basic256Sha256'],
    ['SignAndEncrypt', 'Aes128_Sha256_RsaOaep'],
    ['SignAndEncrypt', 'Aes256_Sha256_RsaPss'],
  ])('accepts %s with %s', (mode, policy) => {
    expect(checkSecurity(opts(remote, mode, policy))).toEqual({ mode, policy });
  });

  it.each(['Basic128Rsa15', 'Basic256'])('refuses the deprecated policy %s', (policy) => {
    expect(() => checkSecurity(opts(remote, 'SignAndEncrypt', policy))).toThrow(/deprecated/);
    expect(() => checkSecurity(opts(local, 'None', policy), true)).toThrow(/deprecated/);
  });

  it('allows None to a loopback simulator only', () => {
    expect(checkSecurity(opts(local, 'None', 'None'))).toEqual({ mode: 'None', policy: 'None' });
    expect(() => checkSecurity(opts(remote, 'None', 'None'))).toThrow(/refused/);
    expect(checkSecurity(opts(remote, 'None', 'None'), true)).toEqual({
      mode: 'None',
      policy: 'None',
    });
  });

  it('refuses mismatched modes and policies', () => {
    expect(() => checkSecurity(opts(local, 'None', 'Basic256Sha256'))).toThrow(/policy None/);
    expect(() => checkSecurity(opts(remote, 'Sign', 'None'))).toThrow(/needs one of/);
  });
});

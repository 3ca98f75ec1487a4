// Which OPC UA security a PLC connection may use: Sign/SignAndEncrypt with SHA-2 policies; None only locally (pure).
export type SecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';

/** SHA-2 policies accepted for Sign and SignAndEncrypt. */
export const ACCEPTED_POLICIES: readonly string[] = [
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
];

/** Deprecated (SHA-1) policies, refused whatever the configuration says. */
export const REFUSED_POLICIES: readonly string[] = ['Basic128Rsa15', 'Basic256'];

export interface SecuritySettings {
  mode: SecurityModeName;
  /** A name of `ACCEPTED_POLICIES`, or `None` with mode None. */
  policy: string;
}

/** True for opc.tcp URLs to 127.0.0.0/8, ::1 or localhost: the local simulators. */
export function isLoopbackEndpoint(endpointUrl: string): boolean {
  const m = /^opc\.tcp:\/\/(\[[^\]]+\]|[^:/]+)/i.exec(endpointUrl);
  const host = (m?.[1] ?? '').toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Checks a PLC's security settings and answers them, or throws a plain message. Security mode None
 * (no signature, no encryption) is allowed only to a loopback endpoint, or with `allowInsecure`.
 */
export function checkSecurity(
  o: { endpointUrl: string; securityMode: SecurityModeName; securityPolicy: string },
  allowInsecure = false,
): SecuritySettings {
  const policy: string = o.securityPolicy;
  if (REFUSED_POLICIES.includes(policy)) {
    throw new Error(
      `security policy ${policy} is deprecated (SHA-1) and refused; use Basic256Sha256 or better`,
    );
  }
  if (o.securityMode === 'None') {
    if (policy !== 'None')
      throw new Error(`security mode None goes with policy None, not ${policy}`);
    if (!allowInsecure && !isLoopbackEndpoint(o.endpointUrl)) {
      throw new Error(
        `security mode None is refused for ${o.endpointUrl}: only loopback simulators may run unsecured; use Sign or SignAndEncrypt`,
      );
    }
    return { mode: 'None', policy: 'None' };
  }
  if (!ACCEPTED_POLICIES.includes(policy)) {
    throw new Error(
      `security mode ${o.securityMode} needs one of ${ACCEPTED_POLICIES.join(', ')}, not ${policy}`,
    );
  }
  return { mode: o.securityMode, policy };
}

/** The plant-file check of a PLC's security settings: what `checkSecurity` would refuse at start. */
export function checkOpcuaSecurity(ctx: {
  plcIndex: number;
  settings: { endpointUrl: string; securityMode: SecurityModeName; securityPolicy: string };
  add(path: (string | number)[], message: string): void;
}): void {
  try {
    checkSecurity(ctx.settings);
  } catch (err) {
    ctx.add(['plcs', ctx.plcIndex, 'opcua', 'securityMode'], (err as Error).message);
  }
}

// NodeId texts as the plant file gives them, parsed and resolved against a server's namespace array.
import { describe, expect, it } from 'vitest';
import { nodeKey, parseNodeId, resolveNodeRef, ResolvedNodes } from './node-address.js';

describe('NodeId texts', () => {
  it.each([
    ['ns=3;i=1001', { kind: 'index', ns: 3, identifier: 'i=1001' }],
    ['ns=2;s=Line1.Temp;x', { kind: 'index', ns: 2, identifier: 's=Line1.Temp;x' }],
    ['nsu=urn:a:b;s=A', { kind: 'uri', uri: 'urn:a:b', identifier: 's=A' }],
    [
      'ns=1;g=72962B91-fa75-4ae6-8d28-b404dc7daf63',
      { kind: 'index', ns: 1, identifier: 'g=72962B91-fa75-4ae6-8d28-b404dc7daf63' },
    ],
    ['ns=1;b=AQID', { kind: 'index', ns: 1, identifier: 'b=AQID' }],
    ['i=2258', { kind: 'index', ns: 0, identifier: 'i=2258' }],
  ])('parses %s', (text, ref) => {
    expect(parseNodeId(text)).toEqual(ref);
  });

  it.each([
    ['ns=2;x=1', /i=, s=, g= or b=/],
    ['ns=70000;i=1', /0 to 65535/],
    ['ns=a;i=1', /0 to 65535/],
    ['ns=1;i=4294967296', /4294967295/],
    ['ns=1;i=-1', /4294967295/],
    ['ns=1;s=', /needs a string/],
    ['ns=1;g=not-a-guid', /GUID/],
    ['ns=1;b=***', /base64/],
    ['nsu=;i=1', /needs a URI/],
    ['Line1.Temp', /must start with/],
  ])('refuses %s with a reason', (text, reason) => {
    expect(parseNodeId(text)).toMatch(reason);
  });

  it('resolves a namespace URI and the PLC namespace to indices; a missing one to null', () => {
    const spaces = ['http://opcfoundation.org/UA/', 'urn:server', 'urn:plc', 'urn:other'];
    expect(resolveNodeRef({ kind: 'uri', uri: 'urn:other', identifier: 'i=5' }, spaces, 2)).toBe(
      'ns=3;i=5',
    );
    expect(resolveNodeRef({ kind: 'plc', identifier: 's=A' }, spaces, 2)).toBe('ns=2;s=A');
    expect(resolveNodeRef({ kind: 'index', ns: 7, identifier: 'i=1' }, spaces, 2)).toBe('ns=7;i=1');
    expect(
      resolveNodeRef({ kind: 'uri', uri: 'urn:gone', identifier: 'i=5' }, spaces, 2),
    ).toBeNull();
    expect(resolveNodeRef({ kind: 'plc', identifier: 's=A' }, spaces, -1)).toBeNull();
  });

  it('keys the same node written the same way alike', () => {
    const a = parseNodeId('nsu=urn:x;i=1');
    const b = parseNodeId(' nsu=urn:x;i=1 ');
    expect(typeof a !== 'string' && typeof b !== 'string' && nodeKey(a) === nodeKey(b)).toBe(true);
  });

  it('says which namespaces a session lacks', () => {
    const nodes = new ResolvedNodes(
      [
        { kind: 'uri', uri: 'urn:gone', identifier: 'i=1' },
        { kind: 'plc', identifier: 's=A' },
      ],
      'opc.tcp://127.0.0.1:4840',
      'urn:plc',
    );
    expect(nodes.known).toBe(false);
    expect(nodes.resolve(['http://opcfoundation.org/UA/', 'urn:plc'])).toEqual([0]);
    expect(nodes.error).toBe('namespace urn:gone not found on opc.tcp://127.0.0.1:4840');
    expect(nodes.all).toEqual([null, 'ns=1;s=A']);
  });
});

import { describe, expect, it } from 'vitest';
import { explainWire, isWire, parseWire, WireError } from './check.js';
import { SOCKET_EVENT_SCHEMAS } from './events.js';
import { API_ROUTES, replySchemaOf } from './routes.js';
import { ALARM, BALANCE, TAG } from './wire.fixture.js';

describe('parseWire', () => {
  it('passes answers of the gateway through, typed', async () => {
    expect(await parseWire(replySchemaOf(API_ROUTES.tags), [TAG], 'GET /api/tags')).toEqual([TAG]);
    expect(await parseWire(SOCKET_EVENT_SCHEMAS.alarms, [ALARM], 'alarms')).toEqual([ALARM]);
    expect(await parseWire(SOCKET_EVENT_SCHEMAS['water-balance'], BALANCE, 'water-balance')).toBe(
      BALANCE,
    );
    const { name, value, quality, ts } = TAG;
    expect(isWire(SOCKET_EVENT_SCHEMAS.tags, [{ name, value, quality, ts }])).toBe(true);
  });

  it('refuses a malformed answer with what was read and where it differs', async () => {
    const bad = [{ ...TAG, quality: 'Fine' }];
    const err = await parseWire(replySchemaOf(API_ROUTES.tags), bad, 'GET /api/tags').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WireError);
    expect((err as WireError).what).toBe('GET /api/tags');
    expect((err as WireError).problems[0]).toMatch(/^\/0\/quality: /);
    expect((err as Error).message).toMatch(/^GET \/api\/tags: unexpected shape \(\/0\/quality/);
  });

  it('refuses missing, extra and mistyped fields, and optional-everything shapes', async () => {
    const { limit: _limit, ...noLimit } = ALARM;
    expect(isWire(SOCKET_EVENT_SCHEMAS.alarms, [noLimit])).toBe(false);
    expect(isWire(SOCKET_EVENT_SCHEMAS.alarms, [{ ...ALARM, extra: 1 }])).toBe(false);
    expect(isWire(SOCKET_EVENT_SCHEMAS.alarms, [{ ...ALARM, severity: '700' }])).toBe(false);
    expect(
      isWire(SOCKET_EVENT_SCHEMAS.alarms, [
        { id: 'X', tag: 'X', message: 'x', priority: 'low', state: 'Normal' },
      ]),
    ).toBe(false);
    expect((await explainWire(SOCKET_EVENT_SCHEMAS.tags, [TAG])).length).toBeGreaterThan(0);
    expect(await explainWire(SOCKET_EVENT_SCHEMAS.alarms, [ALARM])).toEqual([]);
  });
});

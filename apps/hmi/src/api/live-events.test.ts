import { describe, expect, it, vi } from 'vitest';
import { alarm } from '../model/alarm.fixture.js';
import { onEvent, type LiveSocket } from './live-events.js';

/** A socket stand-in: `emit` calls the listeners `onEvent` registered. */
function fakeSocket() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const socket = {
    on(event: string, listener: (payload: unknown) => void) {
      listeners.set(event, listener);
    },
  } as unknown as LiveSocket;
  return { socket, emit: (event: string, payload: unknown) => listeners.get(event)!(payload) };
}

describe('onEvent', () => {
  it('hands a payload of the event schema to the handler at once', () => {
    const { socket, emit } = fakeSocket();
    const handler = vi.fn();
    onEvent(socket, 'alarms', handler, () => undefined);
    const list = [alarm('LIC-402.HH')];
    emit('alarms', list);
    expect(handler).toHaveBeenCalledWith(list);
  });

  it('does not apply a malformed payload, and reports what differs', async () => {
    const { socket, emit } = fakeSocket();
    const handler = vi.fn();
    const silence = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reported = new Promise<string>((resolve) => onEvent(socket, 'tags', handler, resolve));
    emit('tags', [{ name: 'FT-001', value: '3', quality: 'Good', ts: '2025-01-01T00:00:00Z' }]);
    expect(await reported).toMatch(/^the tags event: unexpected shape \(\/0\/value/);
    expect(handler).not.toHaveBeenCalled();
    silence.mockRestore();
  });
});

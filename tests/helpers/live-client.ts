// A socket.io client of the gateway's live stream that keeps the latest value of every tag it was sent.
import { SOCKET_EVENTS, type ServerToClientEvents, type TagValueDto } from '@zld/api';
import { io, type Socket } from 'socket.io-client';

export interface LiveClient {
  socket: Socket<ServerToClientEvents>;
  /** Every `tags` batch in arrival order, with the wall time it arrived (ms). */
  batches: { at: number; values: TagValueDto[] }[];
  latest: Map<string, TagValueDto>;
  /** Resolves with the first value arriving from now on that satisfies `match`, and its arrival time. */
  next(
    match: (v: TagValueDto) => boolean,
    timeoutMs: number,
  ): Promise<{ at: number; value: TagValueDto }>;
  close(): void;
}

export async function connectLive(url: string, timeoutMs = 5000): Promise<LiveClient> {
  const socket: Socket<ServerToClientEvents> = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const batches: LiveClient['batches'] = [];
  const latest = new Map<string, TagValueDto>();
  let waiters: {
    match: (v: TagValueDto) => boolean;
    resolve: (r: { at: number; value: TagValueDto }) => void;
  }[] = [];
  socket.on(SOCKET_EVENTS.tags, (values) => {
    const at = Date.now();
    batches.push({ at, values });
    for (const v of values) {
      latest.set(v.name, v);
      waiters = waiters.filter((w) => {
        if (!w.match(v)) return true;
        w.resolve({ at, value: v });
        return false;
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no snapshot from the live stream')),
      timeoutMs,
    );
    socket.once(SOCKET_EVENTS.tags, () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return {
    socket,
    batches,
    latest,
    next(match, ms) {
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (r: { at: number; value: TagValueDto }) => (clearTimeout(timer), resolve(r)),
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((x) => x !== w);
          reject(new Error(`no matching tag value within ${ms} ms`));
        }, ms);
        waiters.push(w);
      });
    },
    close: () => {
      socket.close();
    },
  };
}

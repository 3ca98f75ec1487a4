// Wires the LiveStore to the gateway: socket.io events, and a REST resync of values and alarms on every (re)connect.
import { SOCKET_EVENTS } from '@zld/api';
import { io } from 'socket.io-client';
import { ApiError, MALFORMED_ANSWER } from '../api/http.js';
import { onEvent, type LiveSocket } from '../api/live-events.js';
import { fetchAlarms, fetchHealth, fetchTags, fetchWaterBalance } from '../api/plant-api.js';
import type { LiveStore } from './live-store.js';

export interface LiveConnection {
  close(): void;
}

/**
 * Connects (same origin, the session cookie authenticates the socket). On each connect the store shows
 * `resyncing` until `GET /api/tags` and `GET /api/alarms` have been applied (alarm events arriving
 * meanwhile are upserted after the snapshot if newer), then `live`; on disconnect `lost`. Every answer
 * and event is checked against its schema first: a malformed one is not applied, and the store reports it.
 */
export function connectLive(store: LiveStore, onUnauthorized: () => void): LiveConnection {
  const socket: LiveSocket = io({
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });
  let generation = 0;
  const malformed = (message: string) => store.setWireProblem(message);

  const resync = (gen: number) => {
    let malformedSeen = false;
    const reportMalformed = (err: unknown) => {
      if (!(err instanceof ApiError) || err.code !== MALFORMED_ANSWER) return;
      malformedSeen = true;
      malformed(err.message);
    };
    const askedAt = store.alarmMark();
    const sentAt = Date.now();
    Promise.all([
      fetchTags(),
      fetchAlarms(),
      fetchWaterBalance().catch((err: unknown) => {
        // 404: the plant file defines no water balance (503: none computed yet).
        if (err instanceof ApiError && err.status === 404) store.setBalanceAbsent(true);
        reportMalformed(err);
        return null;
      }),
      fetchHealth()
        .then((h) => ({ h, readAt: (sentAt + Date.now()) / 2 }))
        .catch((err: unknown) => {
          reportMalformed(err);
          return null;
        }),
    ])
      .then(([tags, alarms, balance, health]) => {
        if (gen !== generation) return;
        if (health) store.setGatewayClock(health.h.clock, Date.parse(health.h.time), health.readAt);
        store.setTags(tags);
        store.resyncAlarms(alarms, askedAt);
        if (balance) store.setBalance(balance);
        store.setConnection('live');
        if (!malformedSeen) store.setWireProblem(null);
      })
      .catch((err: unknown) => {
        reportMalformed(err);
        // Connected but the snapshot failed: stay `resyncing` (never claim live) and try again.
        if (gen === generation) retry = setTimeout(() => resync(gen), 3000);
      });
  };
  let retry: ReturnType<typeof setTimeout> | undefined;

  let snapshotPending = false;
  let approvalsSnapshot = false;
  let connectMark = 0;

  socket.on('connect', () => {
    const gen = ++generation;
    snapshotPending = true;
    approvalsSnapshot = true;
    connectMark = store.alarmMark();
    clearTimeout(retry);
    store.setConnection('resyncing');
    resync(gen);
  });

  socket.on('disconnect', () => {
    generation++;
    store.setConnection('lost');
  });
  socket.on('connect_error', (err: Error) => {
    store.setConnection('lost');
    if (/unauthori[sz]ed|401|session/i.test(err.message)) onUnauthorized();
  });
  onEvent(socket, SOCKET_EVENTS.tags, (batch) => store.applyTags(batch), malformed);
  // The first `alarms` event after a connect is the gateway's snapshot: a full list; later ones are changes.
  onEvent(
    socket,
    SOCKET_EVENTS.alarms,
    (alarms) => {
      if (snapshotPending) {
        snapshotPending = false;
        store.resyncAlarms(alarms, connectMark);
      } else store.applyAlarms(alarms);
    },
    malformed,
  );
  onEvent(socket, SOCKET_EVENTS.waterBalance, (b) => store.setBalance(b), malformed);
  // Like alarms: the first `approvals` event after a connect is the whole list, later ones are changes.
  onEvent(
    socket,
    SOCKET_EVENTS.approvals,
    (list) => {
      if (approvalsSnapshot) {
        approvalsSnapshot = false;
        store.approvals.replace(list);
        return;
      }
      store.approvals.apply(list);
      // An approved limit change: the definitions carry the limits the displays draw.
      if (list.some((a) => a.state === 'applied' && a.kind === 'alarm-settings'))
        fetchTags()
          .then((tags) => store.setTags(tags))
          .catch(() => undefined);
    },
    malformed,
  );

  return {
    close() {
      generation++;
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

// Wires the LiveStore to the gateway: socket.io events, and a REST resync of values and alarms on every (re)connect.
import {
  API_ROUTES,
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type HealthDto,
  type ServerToClientEvents,
  type TagDto,
  type TagValueDto,
} from '@zld/api';
import { io, type Socket } from 'socket.io-client';
import type { AlarmDto, WaterBalanceDto } from '../api/dto.js';
import { request } from '../api/http.js';
import type { LiveStore } from './live-store.js';

export interface LiveConnection {
  close(): void;
}

/**
 * Connects (same origin, the session cookie authenticates the socket). On each connect the store shows
 * `resyncing` until `GET /api/tags` and `GET /api/alarms` have been applied (alarm events arriving
 * meanwhile are upserted after the snapshot if newer), then `live`; on disconnect `lost`.
 */
export function connectLive(store: LiveStore, onUnauthorized: () => void): LiveConnection {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });
  let generation = 0;

  const resync = (gen: number) => {
    const askedAt = store.alarmMark();
    const sentAt = Date.now();
    Promise.all([
      request<TagDto[]>(API_ROUTES.tags),
      request<AlarmDto[]>(API_ROUTES.alarms),
      request<WaterBalanceDto>(API_ROUTES.waterBalance).catch(() => null),
      request<HealthDto>(API_ROUTES.healthz)
        .then((h) => ({ h, readAt: (sentAt + Date.now()) / 2 }))
        .catch(() => null),
    ])
      .then(([tags, alarms, balance, health]) => {
        if (gen !== generation) return;
        if (health) store.setGatewayClock(health.h.clock, Date.parse(health.h.time), health.readAt);
        store.setTags(tags);
        store.resyncAlarms(alarms, askedAt);
        if (balance) store.setBalance(balance);
        store.setConnection('live');
      })
      .catch(() => {
        // Connected but the snapshot failed: stay `resyncing` (never claim live) and try again.
        if (gen === generation) retry = setTimeout(() => resync(gen), 3000);
      });
  };
  let retry: ReturnType<typeof setTimeout> | undefined;

  let snapshotPending = false;
  let connectMark = 0;

  socket.on('connect', () => {
    const gen = ++generation;
    snapshotPending = true;
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
  socket.on(SOCKET_EVENTS.tags, (batch: TagValueDto[]) => store.applyTags(batch));
  // The first `alarms` event after a connect is the gateway's snapshot: a full list; later ones are changes.
  socket.on(SOCKET_EVENTS.alarms, (alarms: unknown[]) => {
    if (snapshotPending) {
      snapshotPending = false;
      store.resyncAlarms(alarms as AlarmDto[], connectMark);
    } else store.applyAlarms(alarms as AlarmDto[]);
  });
  socket.on(SOCKET_EVENTS.waterBalance, (b: unknown) => store.setBalance(b as WaterBalanceDto));

  return {
    close() {
      generation++;
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

// React state for a replay session: loading, the clock (play, pause, step, speed, scrub) and the ReplayStore it drives.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { TagDefinitionDto } from '@zld/api';
import {
  atEnd,
  createReplayClock,
  cursorAt,
  pause as pauseClock,
  play as playClock,
  scrub as scrubClock,
  setSpeed as setClockSpeed,
  step as stepClock,
  stepFor,
  type ReplayClock,
} from '../model/replay-clock.js';
import { loadReplay } from './replay-loader.js';
import { ReplayStore } from './replay-store.js';

export interface ReplayController {
  store: ReplayStore | null;
  clock: ReplayClock | null;
  loading: boolean;
  error: string | null;
  start(from: number, to: number): void;
  play(): void;
  pause(): void;
  step(direction: 1 | -1): void;
  setSpeed(speed: number): void;
  scrub(t: number): void;
  exit(): void;
}

export const ReplayContext = createContext<ReplayController | null>(null);

export function useReplay(): ReplayController {
  const r = useContext(ReplayContext);
  if (!r) throw new Error('useReplay outside a ReplayContext');
  return r;
}

/** Cursor updates per second of wall time while playing. */
const TICK_MS = 100;

export function useReplayController(
  defs: () => ReadonlyMap<string, TagDefinitionDto>,
  messageOf: (alarmId: string) => string | undefined,
  withAudit: boolean,
): ReplayController {
  const [store, setStore] = useState<ReplayStore | null>(null);
  const [clock, setClock] = useState<ReplayClock | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loadCtrl = useRef<AbortController | null>(null);

  // While playing, move the store's cursor; stop at the end of the window.
  useEffect(() => {
    if (!store || !clock) return;
    store.setCursor(cursorAt(clock, Date.now()));
    if (!clock.playing) return;
    const timer = setInterval(() => {
      const now = Date.now();
      store.setCursor(cursorAt(clock, now));
      if (atEnd(clock, now)) setClock(pauseClock(clock, now));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [store, clock]);

  const start = useCallback(
    (from: number, to: number) => {
      loadCtrl.current?.abort();
      const ctrl = new AbortController();
      loadCtrl.current = ctrl;
      setLoading(true);
      setError(null);
      loadReplay(defs(), from, to, withAudit, ctrl.signal)
        .then((data) => {
          if (ctrl.signal.aborted) return;
          setStore(new ReplayStore(defs(), data, messageOf));
          setClock(createReplayClock(from, to, Date.now()));
          setLoading(false);
        })
        .catch((err: unknown) => {
          if (ctrl.signal.aborted) return;
          setError(err instanceof Error ? err.message : String(err));
          setLoading(false);
        });
    },
    [defs, messageOf, withAudit],
  );

  const change = (f: (c: ReplayClock, now: number) => ReplayClock) =>
    setClock((c) => (c ? f(c, Date.now()) : c));

  return {
    store,
    clock,
    loading,
    error,
    start,
    play: () => change(playClock),
    pause: () => change(pauseClock),
    step: (dir) => change((c, now) => stepClock(c, dir * stepFor(c.speed), now)),
    setSpeed: (s) => change((c, now) => setClockSpeed(c, s, now)),
    scrub: (t) => change((c, now) => scrubClock(c, t, now)),
    exit: () => {
      loadCtrl.current?.abort();
      setStore(null);
      setClock(null);
      setLoading(false);
    },
  };
}

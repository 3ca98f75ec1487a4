// React access to the current PlantSource (live or replay) and to the live store, with per-value subscriptions.
import type { TagDefinitionDto, TagDto } from '@zld/api';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { AlarmView, BalanceView } from '../model/plant-views.js';
import type { LiveStore } from './live-store.js';
import type { ConnectionState, PlantSource } from './plant-source.js';

export const SourceContext = createContext<PlantSource | null>(null);
export const LiveStoreContext = createContext<LiveStore | null>(null);

export function useSource(): PlantSource {
  const s = useContext(SourceContext);
  if (!s) throw new Error('useSource outside a SourceContext');
  return s;
}

export function useLiveStore(): LiveStore {
  const s = useContext(LiveStoreContext);
  if (!s) throw new Error('useLiveStore outside a LiveStoreContext');
  return s;
}

export function useTag(name: string): TagDto | undefined {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => s.tag(name));
}

export function useAlarms(): readonly AlarmView[] {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => s.alarms());
}

export function useBalance(): BalanceView | null {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => s.balance());
}

/** Whether the plant has a water balance (the gateway answers 404 for a plant without one). */
export function useHasBalance(): boolean {
  const live = useLiveStore();
  return useSyncExternalStore(live.subscribe, () => live.hasBalance());
}

export function useConnection(): ConnectionState {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => s.connection());
}

/** The last malformed answer or event of the gateway (live only), or null. */
export function useWireProblem(): string | null {
  const live = useLiveStore();
  return useSyncExternalStore(live.subscribe, () => live.wireProblem());
}

export function useDefinitions(): ReadonlyMap<string, TagDefinitionDto> {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => s.definitions());
}

/** The gateway's current time (plant time when it follows the PLCs), as a function to call when needed. */
export function usePlantNow(): () => number {
  const live = useLiveStore();
  return useCallback(() => live.time(), [live]);
}

/** The replay cursor (replay), or null when live. */
export function useReplayTime(): number | null {
  const s = useSource();
  return useSyncExternalStore(s.subscribe, () => (s.mode === 'replay' ? s.time() : null));
}

// Polls `GET /healthz` (PLC links, historian and its store-and-forward backlog) while live.
import type { HealthDto } from '@zld/api';
import { useEffect, useState } from 'react';
import { fetchHealth } from '../../api/plant-api.js';

export const HEALTH_POLL_MS = 5000;

export function useHealth(enabled: boolean): { health: HealthDto | null; error: string | null } {
  const [state, setState] = useState<{ health: HealthDto | null; error: string | null }>({
    health: null,
    error: null,
  });
  useEffect(() => {
    if (!enabled) return;
    let stop = false;
    const poll = () =>
      fetchHealth()
        .then((health) => !stop && setState({ health, error: null }))
        .catch(
          (err: unknown) =>
            !stop &&
            setState((s) => ({
              health: s.health,
              error: err instanceof Error ? err.message : String(err),
            })),
        );
    void poll();
    const timer = setInterval(() => void poll(), HEALTH_POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [enabled]);
  return state;
}

// The current hash route, kept in step with the browser (back/forward and shared links work).
import { useCallback, useSyncExternalStore } from 'react';
import { parseHash, withParams, type Route } from '../model/route.js';

const subscribe = (l: () => void) => {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
};
const snapshot = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot);
  return parseHash(hash);
}

export function navigate(hash: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', hash);
  else window.location.hash = hash;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Opens the level-3 faceplate of a tag or a piece of equipment over the current display. */
export function useOpenFaceplate(): (target: string) => void {
  const route = useRoute();
  return useCallback((target: string) => navigate(withParams(route, { fp: target })), [route]);
}

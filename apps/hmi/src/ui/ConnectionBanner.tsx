// A plain banner while the live link is down or resynchronising: values shown are the last received.
import { useConnection, useSource } from '../live/source-context.js';

export function ConnectionBanner() {
  const state = useConnection();
  const replay = useSource().mode === 'replay';
  if (replay || state === 'live') return null;
  const text =
    state === 'lost'
      ? 'CONNECTION TO THE GATEWAY LOST: values are stale (greyed), alarms may be out of date. Reconnecting...'
      : state === 'resyncing'
        ? 'Reconnected: resynchronising alarms and values before going live...'
        : 'Connecting to the gateway...';
  return (
    <div className="conn-banner" role="alert" data-testid="connection-banner" data-state={state}>
      {text}
    </div>
  );
}

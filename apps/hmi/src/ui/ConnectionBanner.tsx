// A plain banner while the live link is down or resynchronising (values shown are the last received), and
// one when the gateway sent an answer or event the HMI could not read (it was not applied).
import { useConnection, useSource, useWireProblem } from '../live/source-context.js';

export function ConnectionBanner() {
  const state = useConnection();
  const replay = useSource().mode === 'replay';
  const problem = useWireProblem();
  const link =
    state === 'lost'
      ? 'CONNECTION TO THE GATEWAY LOST: values are stale (greyed), alarms may be out of date. Reconnecting...'
      : state === 'resyncing'
        ? 'Reconnected: resynchronising alarms and values before going live...'
        : 'Connecting to the gateway...';
  return (
    <>
      {!replay && state !== 'live' && (
        <div
          className="conn-banner"
          role="alert"
          data-testid="connection-banner"
          data-state={state}
        >
          {link}
        </div>
      )}
      {problem !== null && (
        <div className="conn-banner" role="alert" data-testid="wire-problem">
          DATA FROM THE GATEWAY NOT SHOWN: {problem}
        </div>
      )}
    </>
  );
}

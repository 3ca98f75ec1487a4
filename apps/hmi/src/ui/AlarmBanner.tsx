// The alarm banner on every display: unacknowledged counts per priority, the newest unacked alarm, the horn.
import { useMemo } from 'react';
import { useAlarms, useSource } from '../live/source-context.js';
import { compareAlarms, isFlashing, unackCounts } from '../model/alarm-list.js';
import { PRIORITY_ORDER, PRIORITY_STYLE } from '../model/priority.js';
import { formatHash } from '../model/route.js';
import { PriorityIcon } from './PriorityIcon.js';
import { useHorn } from './useHorn.js';

export function AlarmBanner() {
  const alarms = useAlarms();
  const replay = useSource().mode === 'replay';
  const counts = unackCounts(alarms);
  const newest = useMemo(() => alarms.filter(isFlashing).sort(compareAlarms('time'))[0], [alarms]);
  const horn = useHorn(alarms, !replay);
  return (
    <section className="alarm-banner" aria-label="Alarm banner" data-testid="alarm-banner">
      <a href={formatHash('alarms')} className="counts" title="Unacknowledged alarms by priority">
        {PRIORITY_ORDER.map((p) => {
          const mine = alarms.filter((a) => a.priority === p && isFlashing(a));
          const bound = mine.find((a) => a.active) ?? mine[0];
          return (
            <span className="count" key={p} data-priority={p} data-count={counts[p]}>
              <PriorityIcon priority={p} alarm={bound} size={22} />
              <span>
                {counts[p]}{' '}
                <span className="visually-hidden">{PRIORITY_STYLE[p].label} unacknowledged</span>
              </span>
            </span>
          );
        })}
      </a>
      <span className="latest" data-testid="newest-alarm">
        {newest ? (
          <>
            <strong>{newest.tag}</strong> {newest.message}
          </>
        ) : (
          <span className="muted">No unacknowledged alarms</span>
        )}
      </span>
      <button
        type="button"
        onClick={horn.silence}
        disabled={!horn.sounding}
        data-testid="silence-horn"
      >
        {horn.sounding ? 'Silence horn' : 'Horn quiet'}
      </button>
    </section>
  );
}

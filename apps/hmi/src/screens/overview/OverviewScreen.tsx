// Level-1 overview: ZLD status and the boundary water balance (when the plant has one), PLC and historian health, key values per area, top alarms.
import { useAlarms, useBalance, useHasBalance, useSource } from '../../live/source-context.js';
import { topAlarms } from '../../model/alarm-list.js';
import { formatHash } from '../../model/route.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { useOpenFaceplate } from '../../ui/useRoute.js';
import { AreaKeyValues } from './AreaKeyValues.js';
import { BalanceDiagram } from './BalanceDiagram.js';
import { HealthPanel } from './HealthPanel.js';
import { useHealth } from './useHealth.js';
import { ZldStatus } from './ZldStatus.js';

export function OverviewScreen() {
  const balance = useBalance();
  const hasBalance = useHasBalance();
  const replay = useSource().mode === 'replay';
  const health = useHealth(true);
  if (!hasBalance)
    // A plant without a water balance: no ZLD status or balance diagram, only what it has.
    return (
      <section aria-label="Overview" data-display-level={1} className="grid">
        <h1 className="visually-hidden">Overview</h1>
        <HealthPanel health={health.health} error={health.error} replay={replay} />
        <AreaKeyValues />
        <TopAlarms />
      </section>
    );
  return (
    <section aria-label="Overview" data-display-level={1} className="grid">
      <h1 className="visually-hidden">Overview</h1>
      <div
        className="grid"
        style={{ gridTemplateColumns: 'minmax(320px, 1fr) minmax(420px, 1.6fr)' }}
      >
        <div className="grid">
          <ZldStatus balance={balance} />
          <HealthPanel health={health.health} error={health.error} replay={replay} />
        </div>
        <div className="panel">
          {balance ? (
            <BalanceDiagram balance={balance} />
          ) : (
            <p className="muted">No water-balance result yet.</p>
          )}
        </div>
      </div>
      <AreaKeyValues />
      <TopAlarms />
    </section>
  );
}

function TopAlarms() {
  const alarms = topAlarms(useAlarms(), 8);
  const open = useOpenFaceplate();
  return (
    <section className="panel" aria-label="Top alarms" data-testid="top-alarms">
      <h2>
        Top alarms <a href={formatHash('alarms')}>(alarm summary)</a>
      </h2>
      {alarms.length === 0 ? (
        <p className="muted">No alarms.</p>
      ) : (
        <table>
          <tbody>
            {alarms.map((a) => (
              <tr key={a.id} data-alarm-id={a.id}>
                <td>
                  <PriorityIcon priority={a.priority} alarm={a} />
                </td>
                <td>
                  <button type="button" className="linklike" onClick={() => open(a.tag)}>
                    {a.tag}
                  </button>
                </td>
                <td>{a.message}</td>
                <td>{a.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

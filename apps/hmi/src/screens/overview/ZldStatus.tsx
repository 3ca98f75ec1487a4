// ZLD status at a glance: discharge none/DETECTED, closure error per window vs tolerance, condensate recovery.
import { useAlarms } from '../../live/source-context.js';
import { isAlarmColoured, isFlashing } from '../../model/alarm-list.js';
import { closureRows, dischargeVerdict } from '../../model/balance-view.js';
import { DISCHARGE_ALARM } from '../../model/balance-tags.js';
import type { BalanceView } from '../../model/plant-views.js';
import { FlowValue } from './FlowValue.js';

export function ZldStatus({ balance }: { balance: BalanceView | null }) {
  const alarms = useAlarms();
  const discharge = alarms.find((a) => a.id === DISCHARGE_ALARM);
  const verdict = dischargeVerdict(balance, discharge?.active === true);
  const alarm = discharge && isAlarmColoured(discharge) ? discharge : undefined;
  // The alarm colour is drawn only while the discharge alarm itself is active or unacknowledged.
  const cls = verdict === 'DETECTED' && alarm ? 'detected' : verdict === 'UNKNOWN' ? 'unknown' : '';
  const cr = balance?.condensateRecovery;
  return (
    <section className="panel" aria-label="ZLD status" data-testid="zld-status">
      <h2>Zero liquid discharge</h2>
      <p className="row">
        Liquid discharge:{' '}
        <span
          className={`status-big ${cls}${alarm && isFlashing(alarm) ? ' flashing' : ''}`}
          data-testid="discharge-state"
          data-state={verdict}
          data-alarm-id={cls === 'detected' ? alarm?.id : undefined}
        >
          {verdict === 'none' ? 'NONE' : verdict === 'DETECTED' ? '!! DETECTED !!' : '? UNKNOWN'}
        </span>
      </p>
      {balance ? (
        <>
          <table data-testid="closure-table">
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col">Closure error</th>
                <th scope="col">+/- 1 sigma</th>
                <th scope="col">Tolerance</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {closureRows(balance).map((r) => (
                <tr key={r.id} data-window={r.id} data-verdict={r.verdict}>
                  <td>{r.id}</td>
                  <td>
                    <FlowValue value={r.closurePct} quality={r.quality} unit="%" />
                  </td>
                  <td>{r.uncertaintyPct === null ? '-' : `${r.uncertaintyPct.toFixed(2)} %`}</td>
                  <td>{r.tolerance ? `H ${r.tolerance.H} % / HH ${r.tolerance.HH} %` : 'none'}</td>
                  <td>
                    {r.verdict === 'ok'
                      ? 'within tolerance'
                      : r.verdict === 'filling'
                        ? 'window filling'
                        : r.verdict === 'n/a'
                          ? '-'
                          : `beyond ${r.verdict} (${r.verdict.startsWith('H') ? 'loss' : 'gain'})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cr && (
            <p className="row" data-testid="condensate-recovery">
              Condensate recovery:{' '}
              <FlowValue value={cr.pct} quality={cr.quality} unit="%" decimals={1} />
              <span className="muted">
                low {cr.lowPct} % / low-low {cr.lowLowPct} %
                {cr.limitState && cr.limitState !== 'normal' ? ` - below ${cr.limitState}` : ''}
              </span>
            </p>
          )}
          {balance.cusum && (
            <p className="row">
              CUSUM on the residual:{' '}
              <FlowValue value={balance.cusum.kg} quality={balance.cusum.quality} unit="kg" />
              <span className="muted">
                threshold {balance.cusum.thresholdKg} kg
                {balance.cusum.alarm ? ` - ${balance.cusum.side} beyond threshold` : ''}
              </span>
            </p>
          )}
          {balance.issues && balance.issues.length > 0 && (
            <p className="muted" data-testid="balance-issues">
              Questionable: {balance.issues.join('; ')}
            </p>
          )}
        </>
      ) : (
        <p className="muted">No water-balance result from the gateway yet.</p>
      )}
    </section>
  );
}

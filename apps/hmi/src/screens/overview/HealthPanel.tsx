// PLC links and the historian (store-and-forward backlog) from `/healthz`.
import type { HealthDto } from '@zld/api';

export function HealthPanel({
  health,
  error,
  replay,
}: {
  health: HealthDto | null;
  error: string | null;
  replay: boolean;
}) {
  return (
    <section className="panel" aria-label="System health" data-testid="health">
      <h2>PLCs and historian</h2>
      {replay && <p className="muted">Health is shown for now, not for the replay time.</p>}
      {error && <p className="error-text">Health check failed: {error}</p>}
      {health ? (
        <table>
          <tbody>
            {health.plcs.map((p) => (
              <tr key={p.id} data-plc={p.id} data-connected={p.connected} data-demoted={p.demoted}>
                <th scope="row">{p.id}</th>
                <td>{p.protocol}</td>
                <td>
                  <strong>
                    {p.demoted ? 'DEMOTED' : p.connected ? 'connected' : 'NOT CONNECTED'}
                  </strong>
                </td>
                <td className="muted">{p.lastError ?? ''}</td>
              </tr>
            ))}
            <tr data-historian={health.historian?.backend ?? 'none'}>
              <th scope="row">Historian</th>
              <td>{health.historian?.backend ?? '-'}</td>
              <td>
                <strong>
                  {health.historian
                    ? health.historian.connected
                      ? 'connected'
                      : 'NOT CONNECTED'
                    : 'not reported'}
                </strong>
              </td>
              <td>
                {health.historian ? `buffer ${health.historian.backlog} samples` : ''}{' '}
                {health.historian?.lastError ?? ''}
              </td>
            </tr>
          </tbody>
        </table>
      ) : (
        !error && <p className="muted">Checking...</p>
      )}
      {health && (
        <p className="muted">
          Gateway {health.status}, clock {health.clock}, {health.time}
        </p>
      )}
    </section>
  );
}

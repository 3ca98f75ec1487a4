// The plant-boundary water balance: inputs, outputs, inventory change and residual, each with its quality.
import { useState } from 'react';
import { balanceDiagram, type Flow } from '../../model/balance-view.js';
import type { BalanceView } from '../../model/plant-views.js';
import { FlowValue } from './FlowValue.js';

const W = 900;
const ROW = 26;

export function BalanceDiagram({ balance }: { balance: BalanceView }) {
  const [windowId, setWindowId] = useState<string | undefined>(undefined);
  const d = balanceDiagram(balance, windowId);
  if (!d) return <p className="muted">No balance windows.</p>;
  const rows = Math.max(d.inputs.length, d.outputs.length, 3);
  const boxTop = 16;
  const boxH = rows * ROW + 20;
  const H = boxTop + boxH + 70;
  return (
    <section
      className="balance"
      aria-label="Water balance of the plant boundary"
      data-testid="balance-diagram"
    >
      <div className="row">
        <h2>Water balance, plant boundary (kg/h)</h2>
        {balance.windows.map((w) => (
          <button
            key={w.id}
            type="button"
            aria-pressed={w.id === d.windowId}
            onClick={() => setWindowId(w.id)}
          >
            {w.id}
          </button>
        ))}
        {!d.filled && <span className="level-tag">window filling</span>}
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Balance over ${d.windowId}`}
      >
        <defs>
          <marker
            id="bal-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path className="arrowhead" d="M0 0 L10 5 L0 10 z" />
          </marker>
        </defs>
        <rect className="boundary" x={330} y={boxTop} width={240} height={boxH} />
        <text x={450} y={boxTop + 18} textAnchor="middle" fontWeight={700}>
          Plant boundary
        </text>
        {d.inputs.map((f, i) => (
          <FlowRow key={f.id} f={f} y={boxTop + 30 + i * ROW} side="in" />
        ))}
        {d.outputs.map((f, i) => (
          <FlowRow key={f.id} f={f} y={boxTop + 30 + i * ROW} side="out" />
        ))}
        <foreignObject x={342} y={boxTop + boxH / 2 - 4} width={216} height={44}>
          <div style={{ textAlign: 'center', fontSize: 12 }}>
            Inventory change (dM/dt)
            <br />
            <FlowValue value={d.inventory.kgH} quality={d.inventory.quality} unit="kg/h" />
          </div>
        </foreignObject>
        <foreignObject x={160} y={boxTop + boxH + 8} width={580} height={60}>
          <div style={{ textAlign: 'center', fontSize: 13 }} data-testid="balance-residual">
            <strong>Residual r = in - out - dM/dt</strong> (+ = unaccounted loss):{' '}
            <FlowValue value={d.residual.kgH} quality={d.residual.quality} unit="kg/h" />
            {d.residual.sigmaKgH !== null && (
              <span className="muted"> +/- {d.residual.sigmaKgH.toFixed(2)} (1 sigma)</span>
            )}
            <br />
            Closure: <FlowValue value={d.closurePct} quality={d.quality} unit="%" />
            {d.tolerancePct && (
              <span className="muted">
                {' '}
                tolerance H {d.tolerancePct.H} % / HH {d.tolerancePct.HH} %
              </span>
            )}
          </div>
        </foreignObject>
      </svg>
    </section>
  );
}

function FlowRow({ f, y, side }: { f: Flow; y: number; side: 'in' | 'out' }) {
  // Inputs: label | value -> boundary; outputs: boundary -> value | label. Values keep a fixed column.
  const label = (
    <div
      className="flow-label"
      title={f.label}
      style={{ textAlign: side === 'in' ? 'right' : 'left' }}
    >
      {f.label}
      {f.estimate ? ' (est.)' : ''}
    </div>
  );
  const value = (
    <div style={{ textAlign: side === 'in' ? 'right' : 'left', fontSize: 12 }}>
      <FlowValue value={f.kgH} quality={f.quality} unit="" />
    </div>
  );
  return (
    <g data-term={f.id}>
      <line
        className="arrow"
        x1={side === 'in' ? 290 : 570}
        x2={side === 'in' ? 330 : 610}
        y1={y}
        y2={y}
        markerEnd="url(#bal-arrow)"
      />
      <foreignObject x={side === 'in' ? 0 : 704} y={y - 11} width={196} height={22}>
        {label}
      </foreignObject>
      <foreignObject x={side === 'in' ? 198 : 612} y={y - 11} width={90} height={22}>
        {value}
      </foreignObject>
    </g>
  );
}

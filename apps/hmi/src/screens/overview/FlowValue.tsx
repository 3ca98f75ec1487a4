// A water-balance number (kg/h or %) with its quality, drawn like any tag value (never plain when not Good).
import type { Quality } from '@zld/api';
import { useConnection } from '../../live/source-context.js';
import { formatValue } from '../../model/format.js';

export function FlowValue({
  value,
  quality,
  unit,
  decimals = 2,
}: {
  value: number | null;
  quality: Quality;
  unit: string;
  decimals?: number;
}) {
  const lost = useConnection() === 'lost';
  const f = formatValue({ decimals, unit, dataType: 'float32' }, { value, quality }, lost);
  return (
    <span
      className={`qv q-${f.overlay}`}
      data-overlay={f.overlay}
      data-quality={quality}
      title={f.quality}
    >
      <span className="value">{f.text}</span>
      {unit !== '' && <span className="unit">{unit}</span>}
      {f.mark !== '' && <span className="mark">{f.mark}</span>}
    </span>
  );
}

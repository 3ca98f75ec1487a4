// A value as text with its quality overlay: Bad, Uncertain and stale values are marked, never plain numbers.
import type { TagDto } from '@zld/api';
import { formatValue } from '../model/format.js';

interface Props {
  tag: TagDto | undefined;
  connectionLost: boolean;
  showUnit?: boolean;
}

export function QualityValue({ tag, connectionLost, showUnit = true }: Props) {
  if (!tag) {
    return (
      <span
        className="qv q-bad"
        data-overlay="bad"
        data-quality="unknown"
        title="no definition from the gateway"
      >
        <span className="value">????</span>
        <span className="mark">N/A</span>
      </span>
    );
  }
  const f = formatValue(tag, tag, connectionLost);
  return (
    <span
      className={`qv q-${f.overlay}`}
      data-overlay={f.overlay}
      data-quality={tag.quality}
      title={`${tag.name}: ${f.quality} at ${tag.ts}`}
    >
      <span className="value">{f.text}</span>
      {showUnit && f.unit !== '' && <span className="unit">{f.unit}</span>}
      {f.mark !== '' && <span className="mark">{f.mark}</span>}
    </span>
  );
}

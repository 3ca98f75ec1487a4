// Formats a tag value for display together with its quality: a Bad, Uncertain or stale value is never a plain number.
import type { Quality, TagDefinitionDto } from '@zld/api';
import { overlayOf, qualityShort, type Overlay } from './quality.js';

export interface FormattedValue {
  /** The text to draw: a number, a state label, or a placeholder when there is no usable value. */
  text: string;
  unit: string;
  overlay: Overlay;
  /** Short quality mark drawn with the overlay ("COMM", "LAST", "STALE"); '' when Good. */
  mark: string;
  /** Full quality name, for a tooltip or a faceplate. */
  quality: string;
  /** True only for a Good value on a live connection: the one case drawn as a plain number. */
  plain: boolean;
}

type Def = Pick<TagDefinitionDto, 'decimals' | 'unit' | 'states' | 'dataType'>;

/** A number with the tag's decimals, or a discrete value's label ("RUNNING"), or `--` for none. */
export function formatNumber(def: Def, value: number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '--';
  if (def.states !== undefined) {
    const key = typeof value === 'boolean' ? (value ? '1' : '0') : String(Math.round(value));
    const label = def.states[key];
    if (label !== undefined) return label;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (!Number.isFinite(value)) return '--';
  return value.toFixed(Math.max(0, Math.min(6, def.decimals)));
}

export function formatValue(
  def: Def,
  v: { value: number | boolean | null; quality: Quality | string },
  connectionLost = false,
): FormattedValue {
  const overlay = overlayOf(v.quality, connectionLost);
  const mark = overlay === 'stale' ? 'STALE' : qualityShort(v.quality);
  // A Bad value carries no number (contract: null whenever Bad); never show a leftover one as current.
  const text = overlay === 'bad' ? '????' : formatNumber(def, v.value);
  return {
    text,
    unit: def.unit,
    overlay,
    mark,
    quality: connectionLost && overlay === 'stale' ? `${v.quality} (connection lost)` : v.quality,
    plain: overlay === 'none' && v.value !== null,
  };
}

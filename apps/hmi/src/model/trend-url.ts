// A trend view's whole state in the URL query (pens, window, scale mode, comparison), so a link reproduces it.
import { TAG_NAME_PATTERN } from '@zld/api';
import {
  isPresetId,
  isShiftId,
  type PresetId,
  type ShiftId,
  type TimeWindow,
} from './time-window.js';

export type ScaleMode = 'axes' | 'normalised';

export interface TrendView {
  pens: string[];
  window: TimeWindow;
  mode: ScaleMode;
  /** Compare against the same pens this much earlier; null for none. */
  shift: ShiftId | null;
}

export const MAX_PENS = 8;
/** Tag names as the plant file allows them (`FIC-405`, `LIC-402.SP`, `Line1_Temp`); anything else in a URL is ignored. */
const PEN = TAG_NAME_PATTERN;

export const DEFAULT_VIEW: TrendView = {
  pens: [],
  window: { kind: 'preset', preset: '1h', live: true },
  mode: 'axes',
  shift: null,
};

/** The view's query parameters: `pens`, `span`+`live` or `from`+`to` (ISO-8601 UTC), `mode`, `shift`. */
export function encodeTrendView(v: TrendView): Record<string, string | undefined> {
  const p: Record<string, string | undefined> = { pens: v.pens.join(',') };
  if (v.window.kind === 'preset') {
    p.span = v.window.preset;
    p.live = v.window.live ? '1' : '0';
  } else {
    p.from = new Date(v.window.from).toISOString();
    p.to = new Date(v.window.to).toISOString();
  }
  if (v.mode !== 'axes') p.mode = v.mode;
  if (v.shift !== null) p.shift = v.shift;
  return p;
}

/** Reads a view from query parameters; anything malformed falls back to the default for that part. */
export function decodeTrendView(q: URLSearchParams): TrendView {
  const pens = [
    ...new Set(
      (q.get('pens') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => PEN.test(s)),
    ),
  ].slice(0, MAX_PENS);
  let window: TimeWindow = DEFAULT_VIEW.window;
  const from = Date.parse(q.get('from') ?? '');
  const to = Date.parse(q.get('to') ?? '');
  const span = q.get('span') ?? '';
  if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
    window = { kind: 'absolute', from, to };
  } else if (isPresetId(span)) {
    window = { kind: 'preset', preset: span as PresetId, live: q.get('live') !== '0' };
  }
  const mode: ScaleMode = q.get('mode') === 'normalised' ? 'normalised' : 'axes';
  const s = q.get('shift') ?? '';
  return { pens, window, mode, shift: isShiftId(s) ? s : null };
}

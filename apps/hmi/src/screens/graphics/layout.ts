// Process graphics as data: equipment symbols, value boxes, pipes and mini-trends placed on a level-2 display.

export type VesselShape =
  | 'tank'
  | 'reactor'
  | 'evaporator'
  | 'crystallizer'
  | 'settler'
  | 'sump'
  | 'centrifuge'
  | 'compressor'
  | 'calciner'
  | 'box';

export type GraphicItem =
  /** A vessel or machine; `level` draws a liquid level from that tag (0-100 % of its range). */
  | {
      kind: 'vessel';
      id: string;
      shape: VesselShape;
      x: number;
      y: number;
      w: number;
      h: number;
      level?: string;
      /** Machines: running state and trip tags. */
      run?: string;
      fault?: string;
    }
  /** A pump: state by fill, shape and text from `run` (and `fault`). */
  | { kind: 'pump'; id: string; x: number; y: number; run: string; fault?: string }
  /** An on/off valve: open/closed by fill and text from `pos` (true means `openWhen`). */
  | {
      kind: 'valve';
      id: string;
      x: number;
      y: number;
      pos: string;
      openWhen: boolean;
      vertical?: boolean;
    }
  /** A live value box: name, value with unit and quality, alarm indicator, moving analog indicator. */
  | { kind: 'value'; tag: string; x: number; y: number }
  /** A discrete state as text (e.g. a level switch DRY/WET). */
  | { kind: 'status'; tag: string; x: number; y: number }
  /** A process line; `arrow` marks the flow direction at its end. */
  | {
      kind: 'pipe';
      points: readonly (readonly [number, number])[];
      arrow?: boolean;
      dashed?: boolean;
    }
  | { kind: 'label'; text: string; x: number; y: number; heading?: boolean }
  /** An embedded mini-trend of key variables. */
  | {
      kind: 'trend';
      title: string;
      tags: readonly string[];
      x: number;
      y: number;
      w: number;
      h: number;
    };

export interface AreaLayout {
  /** The display id (the plant's `areas[].display`). */
  display: string;
  title: string;
  /** The plant areas drawn here. */
  areas: readonly string[];
  width: number;
  height: number;
  items: readonly GraphicItem[];
  /** Shown on the overview for this display. */
  keyTags: readonly string[];
}

/** Size of a value box (with its moving analog indicator). */
export const VALUE_W = 128;
export const VALUE_H = 50;
export const VALUE_STEP = 56;

/** Value boxes stacked downwards from (x, y). */
export function stack(x: number, y: number, tags: readonly string[]): GraphicItem[] {
  return tags.map((tag, i) => ({ kind: 'value', tag, x, y: y + i * VALUE_STEP }));
}

/** Every tag a layout shows (values, states, levels, pumps, valves, trends). */
export function tagsOf(layout: AreaLayout): string[] {
  const out = new Set<string>();
  for (const it of layout.items) {
    switch (it.kind) {
      case 'vessel':
        if (it.level) out.add(it.level);
        if (it.run) out.add(it.run);
        if (it.fault) out.add(it.fault);
        break;
      case 'pump':
        out.add(it.run);
        if (it.fault) out.add(it.fault);
        break;
      case 'valve':
        out.add(it.pos);
        break;
      case 'value':
      case 'status':
        out.add(it.tag);
        break;
      case 'trend':
        it.tags.forEach((t) => out.add(t));
        break;
      default:
        break;
    }
  }
  return [...out];
}

/** Every equipment id a layout draws. */
export function equipmentOf(layout: AreaLayout): string[] {
  return layout.items.flatMap((it) =>
    it.kind === 'vessel' || it.kind === 'pump' || it.kind === 'valve' ? [it.id] : [],
  );
}

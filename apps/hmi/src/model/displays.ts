// The display hierarchy (ISA-101 levels): every display declares its level, and the links every display carries.
import type { Role } from '@zld/api';

export type DisplayLevel = 1 | 2 | 3 | 4;

export interface DisplayDef {
  /** The route path (`#/<path>`). */
  path: string;
  title: string;
  level: DisplayLevel;
  /** Least role to open it. */
  role: Role;
}

/** Level 1 overview; level 2 area displays; level 3 faceplates (opened over any display); level 4 support. */
export const DISPLAYS = [
  { path: 'overview', title: 'Overview', level: 1, role: 'viewer' },
  { path: 'area/leach-sx', title: 'Leach & SX', level: 2, role: 'viewer' },
  { path: 'area/zld', title: 'ZLD evaporation & crystallization', level: 2, role: 'viewer' },
  { path: 'area/water', title: 'Water, condensate & outfall', level: 2, role: 'viewer' },
  { path: 'faceplate', title: 'Faceplate', level: 3, role: 'viewer' },
  { path: 'alarms', title: 'Alarm summary', level: 4, role: 'viewer' },
  { path: 'journal', title: 'Alarm journal', level: 4, role: 'viewer' },
  { path: 'trends', title: 'Trends', level: 4, role: 'viewer' },
  { path: 'replay', title: 'Replay', level: 4, role: 'engineer' },
] as const satisfies readonly DisplayDef[];

export type DisplayPath = (typeof DISPLAYS)[number]['path'];

export function displayOf(path: string): DisplayDef | undefined {
  return DISPLAYS.find((d) => d.path === path);
}

/**
 * The navigation bar drawn on every display: the overview (so level 1 is always one click away), every
 * level-2 display, and the support displays the role may open. Faceplates open from graphics.
 */
export function navLinks(canOpen: (role: Role) => boolean): DisplayDef[] {
  return DISPLAYS.filter((d) => d.level !== 3 && canOpen(d.role));
}

/** The area display an area id belongs to comes from the plant's `areas[].display`; these are the drawn ones. */
export const AREA_DISPLAYS: readonly DisplayDef[] = DISPLAYS.filter((d) => d.level === 2);

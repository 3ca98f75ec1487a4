// The display table (ISA-101 levels): every display's route, title, level, least role and the screen drawing it.
import type { Role } from '@zld/api';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PlantAreas } from './model/plant-areas.js';
import { AlarmSummaryScreen } from './screens/alarm-summary/AlarmSummaryScreen.js';
import { AreaScreen } from './screens/area/AreaScreen.js';
import { OverviewScreen } from './screens/overview/OverviewScreen.js';
import { TagListScreen } from './screens/tag-list/TagListScreen.js';

export type DisplayLevel = 1 | 2 | 3 | 4;

export interface DisplayDef {
  /** The route path (`#/<path>`). */
  path: string;
  title: string;
  level: DisplayLevel;
  /** Least role to open it. */
  role: Role;
  /** Draws the display; none for faceplates, which open over any display (`?fp=<tag>`). */
  Screen?: ComponentType | LazyExoticComponent<ComponentType>;
}

/** A level-2 display: the process graphic of one area display id. */
function areaScreen(display: string): ComponentType {
  return function AreaDisplay() {
    return <AreaScreen display={display} />;
  };
}

/** A screen loaded on first use (its own chunk): for support displays that carry heavy code. */
function onDemand<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

/**
 * Level 1 overview; level 2 area displays; level 3 faceplates (opened over any display); level 4 support.
 * The overview, the area graphics and the alarm summary are in the first load; the rest on first use
 * (trends carry the charting library).
 */
export const DISPLAYS = [
  { path: 'overview', title: 'Overview', level: 1, role: 'viewer', Screen: OverviewScreen },
  {
    path: 'area/leach-sx',
    title: 'Leach & SX',
    level: 2,
    role: 'viewer',
    Screen: areaScreen('leach-sx'),
  },
  {
    path: 'area/zld',
    title: 'ZLD evaporation & crystallization',
    level: 2,
    role: 'viewer',
    Screen: areaScreen('zld'),
  },
  {
    path: 'area/water',
    title: 'Water, condensate & outfall',
    level: 2,
    role: 'viewer',
    Screen: areaScreen('water'),
  },
  // The generic display of areas without a drawn layout (a small plant's, or a new area's).
  { path: 'tags', title: 'Tag list', level: 2, role: 'viewer', Screen: TagListScreen },
  { path: 'faceplate', title: 'Faceplate', level: 3, role: 'viewer' },
  { path: 'alarms', title: 'Alarm summary', level: 4, role: 'viewer', Screen: AlarmSummaryScreen },
  {
    path: 'journal',
    title: 'Alarm journal',
    level: 4,
    role: 'viewer',
    Screen: onDemand(
      () => import('./screens/alarm-journal/AlarmJournalScreen.js'),
      'AlarmJournalScreen',
    ),
  },
  {
    path: 'trends',
    title: 'Trends',
    level: 4,
    role: 'viewer',
    Screen: onDemand(() => import('./screens/trends/TrendScreen.js'), 'TrendScreen'),
  },
  {
    path: 'approvals',
    title: 'Approvals',
    level: 4,
    role: 'operator',
    Screen: onDemand(() => import('./screens/approvals/ApprovalsScreen.js'), 'ApprovalsScreen'),
  },
  {
    path: 'replay',
    title: 'Replay',
    level: 4,
    role: 'engineer',
    Screen: onDemand(() => import('./screens/replay/ReplayScreen.js'), 'ReplayScreen'),
  },
] as const satisfies readonly DisplayDef[];

export type DisplayPath = (typeof DISPLAYS)[number]['path'];

export function displayOf(path: string): DisplayDef | undefined {
  return DISPLAYS.find((d) => d.path === path);
}

/**
 * The navigation bar drawn on every display: the overview (so level 1 is always one click away), every
 * level-2 display the plant has (`shown`: a drawn one with tags in its areas, the tag list when an area has
 * no drawn one), and the support displays the role may open. Faceplates open from graphics.
 */
export function navLinks(
  canOpen: (role: Role) => boolean,
  shown: (d: DisplayDef) => boolean = () => true,
): DisplayDef[] {
  return DISPLAYS.filter((d) => d.level !== 3 && canOpen(d.role) && (d.level !== 2 || shown(d)));
}

/** Which level-2 displays a plant has: the drawn ones with tags in their areas, the tag list for the rest. */
export function shownFor(areas: PlantAreas): (d: DisplayDef) => boolean {
  return (d) =>
    d.path === 'tags' ? areas.listed.length > 0 : areas.drawn.has(d.path.slice('area/'.length));
}

/** The area display an area id belongs to comes from the plant's `areas[].display`; these are the drawn ones. */
export const AREA_DISPLAYS: readonly DisplayDef[] = DISPLAYS.filter(
  (d) => d.level === 2 && d.path.startsWith('area/'),
);

// The navigation graph: every display declares its level, level 1 is one click from every display.
import type { Role } from '@zld/api';
import { describe, expect, it } from 'vitest';
import { AREA_LAYOUTS } from './screens/area/area-layouts.js';
import { tagsOf } from './screens/graphics/layout.js';
import { DISPLAYS, displayOf, navLinks, shownFor } from './displays.js';
import { plantAreas } from './model/plant-areas.js';
import { pilotDefinitions } from './screens/graphics/pilot.fixture.js';

const roles: Role[] = ['viewer', 'operator', 'engineer', 'admin'];
const canOpenAs = (have: Role) => (need: Role) => roles.indexOf(have) >= roles.indexOf(need);

describe('display hierarchy', () => {
  it('declares a level for every display, with exactly one level-1 overview', () => {
    for (const d of DISPLAYS) expect([1, 2, 3, 4]).toContain(d.level);
    expect(DISPLAYS.filter((d) => d.level === 1).map((d) => d.path)).toEqual(['overview']);
  });

  it('puts the overview one click away from every display, for every role', () => {
    for (const role of roles) {
      const links = navLinks(canOpenAs(role)).map((d) => d.path);
      expect(links[0]).toBe('overview');
      // The bar is drawn on every display, so each display is one click from level 1 and from each level-2 display.
      for (const d of DISPLAYS.filter((x) => x.level === 2)) expect(links).toContain(d.path);
    }
  });

  /** What the top bar shows for a plant's definitions. */
  const shownForTags = (defs: Iterable<{ area: string }>) =>
    shownFor(plantAreas(defs, AREA_LAYOUTS));

  it('links each level to its children: overview -> area displays -> faceplates of their tags', () => {
    const fromOverview = navLinks(canOpenAs('viewer'), shownForTags(pilotDefinitions().values()))
      .filter((d) => d.level === 2)
      .map((d) => d.path);
    expect(fromOverview.sort()).toEqual(AREA_LAYOUTS.map((l) => `area/${l.display}`).sort());
    for (const l of AREA_LAYOUTS) expect(tagsOf(l).length).toBeGreaterThan(10);
    expect(displayOf('faceplate')!.level).toBe(3);
  });

  it('draws every display with a screen of its table row, but faceplates, which open over any display', () => {
    for (const d of DISPLAYS)
      expect('Screen' in d && d.Screen !== undefined, d.path).toBe(d.level !== 3);
  });

  it('links a plant without drawn displays to the tag list only', () => {
    const small = [{ area: 'line1' }, { area: 'line1' }];
    const level2 = navLinks(canOpenAs('viewer'), shownForTags(small)).filter((d) => d.level === 2);
    expect(level2.map((d) => d.path)).toEqual(['tags']);
  });

  it('shows the replay only to engineers and above', () => {
    expect(navLinks(canOpenAs('operator')).map((d) => d.path)).not.toContain('replay');
    expect(navLinks(canOpenAs('engineer')).map((d) => d.path)).toContain('replay');
  });
});

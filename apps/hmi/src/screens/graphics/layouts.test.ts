// The process graphics place only tags and equipment the plant defines, on the display the plant assigns them to.
import { describe, expect, it } from 'vitest';
import { AREA_DISPLAYS } from '../../displays.js';
import { BALANCE_TAGS, DISCHARGE_ALARM, OUTFALL_METER } from '../../model/balance-tags.js';
import { AREA_LAYOUTS } from '../area/area-layouts.js';
import { equipmentOf, tagsOf, VALUE_H, VALUE_W } from './layout.js';
import { pilot } from './pilot.fixture.js';

describe.each(AREA_LAYOUTS.map((l) => [l.display, l] as const))(
  'the %s display',
  (display, layout) => {
    it('is one of the plant displays and covers exactly the areas drawn on it', () => {
      const areas = pilot.areas.filter((a) => a.display === display).map((a) => a.id);
      expect([...layout.areas].sort()).toEqual(areas.sort());
      expect(AREA_DISPLAYS.map((d) => d.path)).toContain(`area/${display}`);
    });

    it('places only tags the plant defines', () => {
      const unknown = tagsOf(layout).filter((t) => !pilot.tagByName.has(t));
      expect(unknown).toEqual([]);
      for (const t of layout.keyTags) expect(pilot.tagByName.has(t), t).toBe(true);
    });

    it('places each value and state box on the display of its area (trends may show any tag)', () => {
      for (const it of layout.items) {
        if (it.kind !== 'value' && it.kind !== 'status') continue;
        expect(layout.areas, it.tag).toContain(pilot.tagByName.get(it.tag)!.area);
      }
    });

    it('draws only equipment the plant defines, in its areas', () => {
      for (const id of equipmentOf(layout)) {
        const eq = pilot.equipmentById.get(id);
        expect(eq, id).toBeDefined();
        expect(layout.areas, id).toContain(eq!.area);
      }
    });

    it('shows every analog process value of its areas that has alarm limits', () => {
      const shown = new Set(tagsOf(layout));
      const missing = pilot.tags
        .filter((t) => layout.areas.includes(t.area) && !t.name.includes('.') && !t.computed)
        .filter(
          (t) =>
            t.alarms?.H !== undefined ||
            t.alarms?.L !== undefined ||
            t.alarms?.HH !== undefined ||
            t.alarms?.LL !== undefined,
        )
        .map((t) => t.name)
        .filter((n) => !shown.has(n));
      expect(missing).toEqual([]);
    });

    it('keeps value boxes inside the drawing and apart from each other', () => {
      const boxes = layout.items.flatMap((it) => (it.kind === 'value' ? [it] : []));
      for (const b of boxes) {
        expect(
          b.x >= 0 && b.y >= 0 && b.x + VALUE_W <= layout.width && b.y + VALUE_H <= layout.height,
          b.tag,
        ).toBe(true);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap =
            a.x < b.x + VALUE_W &&
            b.x < a.x + VALUE_W &&
            a.y < b.y + VALUE_H &&
            b.y < a.y + VALUE_H;
          expect(overlap, `${a.tag} / ${b.tag}`).toBe(false);
        }
    });

    it('embeds mini-trends of key variables', () => {
      expect(layout.items.filter((it) => it.kind === 'trend').length).toBeGreaterThanOrEqual(3);
    });
  },
);

describe('the ZLD display', () => {
  it('trends feed, brine/concentrate and condensate flows and the balance residual', () => {
    const zld = AREA_LAYOUTS.find((l) => l.display === 'zld')!;
    const trended = zld.items.flatMap((it) => (it.kind === 'trend' ? [...it.tags] : []));
    expect(trended).toEqual(
      expect.arrayContaining(['FIC-405', 'FT-508', 'FT-509', 'FT-606', BALANCE_TAGS.residual]),
    );
  });
});

describe('names the HMI relies on', () => {
  it('match the plant: computed balance tags, the discharge alarm and the outfall meter', () => {
    const ct = pilot.waterBalance!.computedTags;
    for (const [k, v] of Object.entries(BALANCE_TAGS)) expect(ct[k as keyof typeof ct], k).toBe(v);
    expect(pilot.alarmById.has(DISCHARGE_ALARM)).toBe(true);
    expect(pilot.waterBalance!.dischargePaths.map((p) => p.meter)).toContain(OUTFALL_METER);
  });
});

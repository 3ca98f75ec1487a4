import { describe, expect, it } from 'vitest';
import { plantAreas } from './plant-areas.js';

const LAYOUTS = [
  { display: 'zld', areas: ['mvr', 'crystallizer'] },
  { display: 'water', areas: ['boundary'] },
];

describe('plantAreas', () => {
  it('counts every drawn layout until the definitions arrive', () => {
    expect(plantAreas([], LAYOUTS)).toEqual({ drawn: new Set(['zld', 'water']), listed: [] });
  });

  it('draws the layouts the plant has tags for and lists the other areas', () => {
    const defs = [{ area: 'line1' }, { area: 'mvr' }, { area: 'line1' }, { area: 'packing' }];
    expect(plantAreas(defs, LAYOUTS)).toEqual({
      drawn: new Set(['zld']),
      listed: ['line1', 'packing'],
    });
  });

  it('lists nothing for a plant every layout draws', () => {
    const defs = [{ area: 'mvr' }, { area: 'boundary' }];
    expect(plantAreas(defs, LAYOUTS).listed).toEqual([]);
  });
});

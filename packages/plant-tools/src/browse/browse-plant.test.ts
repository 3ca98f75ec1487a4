import { describe, expect, it } from 'vitest';
import { tagNameOf } from './browse-plant.js';

describe('tagNameOf', () => {
  it('makes browse names valid tag names', () => {
    expect(tagNameOf('Temperature 1 (°C)')).toBe('Temperature_1_C');
    expect(tagNameOf('Line1.Temp')).toBe('Line1.Temp');
    expect(tagNameOf('.hidden:Count')).toBe('hidden:Count');
    expect(tagNameOf('_private')).toBe('_private');
    expect(tagNameOf('°')).toBe('tag');
    expect(tagNameOf('constructor')).toBe('constructor_1');
    expect(tagNameOf('x'.repeat(100))).toHaveLength(61);
  });
});

import { describe, expect, it } from 'vitest';
import { needsSelect, parseInput, writeProblems } from './write-check.js';

// LIC-402.SP and P-405.CMD as the pilot plant defines them.
const sp = {
  name: 'LIC-402.SP',
  dataType: 'float32' as const,
  unit: '%',
  range: [0, 100] as [number, number],
  writable: true,
  write: { min: 30, max: 70, maxStep: 10, critical: false },
};
const cmd = {
  name: 'P-405.CMD',
  dataType: 'bool' as const,
  unit: '',
  range: [0, 1] as [number, number],
  writable: true,
  states: { '0': 'STOP', '1': 'START' },
  write: { critical: true },
};
const mode = {
  name: 'LIC-402.MODE',
  dataType: 'uint16' as const,
  unit: '',
  range: [0, 2] as [number, number],
  writable: true,
  states: { '0': 'MAN', '1': 'AUTO', '2': 'CAS' },
  write: { critical: false },
};

describe('parseInput', () => {
  it('reads numbers, booleans and state numbers', () => {
    expect(parseInput(sp, ' 55.5 ')).toEqual({ ok: true, value: 55.5 });
    expect(parseInput(sp, 'abc')).toMatchObject({ ok: false });
    expect(parseInput(sp, '')).toMatchObject({ ok: false });
    expect(parseInput(cmd, '1')).toEqual({ ok: true, value: true });
    expect(parseInput(cmd, 'false')).toEqual({ ok: true, value: false });
    expect(parseInput(cmd, '2')).toMatchObject({ ok: false });
    expect(parseInput(mode, '1')).toEqual({ ok: true, value: 1 });
    expect(parseInput(mode, '1.5')).toMatchObject({ ok: false });
  });
});

describe('writeProblems', () => {
  it('lets a value within limits and step through', () => {
    expect(writeProblems(sp, 50, 55)).toEqual([]);
    expect(writeProblems(cmd, false, true)).toEqual([]);
    expect(writeProblems(mode, 0, 1)).toEqual([]);
  });

  it('names every limit a value breaks', () => {
    expect(writeProblems(sp, 65, 75)).toEqual(['above the write maximum 70 %']);
    expect(writeProblems(sp, 35, 25)).toEqual(['below the write minimum 30 %']);
    expect(writeProblems(sp, 31, 69)).toEqual(['a change of more than 10 % in one step']);
    expect(writeProblems(mode, 0, 7)).toEqual(['not one of the states']);
    expect(writeProblems({ ...sp, writable: false }, 50, 50)).toEqual([
      'LIC-402.SP is not writable',
    ]);
    expect(writeProblems(sp, 50, true)).toEqual(['this tag takes a number']);
  });

  it('skips the step check without a current value', () => {
    expect(writeProblems(sp, null, 69)).toEqual([]);
  });

  it('asks for select-before-operate on critical points only', () => {
    expect(needsSelect(cmd)).toBe(true);
    expect(needsSelect(sp)).toBe(false);
  });
});

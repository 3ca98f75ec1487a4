import { describe, expect, it } from 'vitest';
import { pilotDefinitions } from '../graphics/pilot.fixture.js';
import { faceplateModel } from './faceplate-model.js';

const defs = pilotDefinitions();
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe('faceplate model', () => {
  it('shows a controller with its setpoint, mode and output as controls', () => {
    const m = faceplateModel('LIC-402', defs);
    expect(m.primary!.name).toBe('LIC-402');
    expect(names(m.tags).slice(0, 4)).toEqual([
      'LIC-402',
      'LIC-402.SP',
      'LIC-402.OUT',
      'LIC-402.MODE',
    ]);
    expect(names(m.controls)).toEqual(['LIC-402.SP', 'LIC-402.MODE', 'LIC-402.OUT']);
  });

  it('shows a pump with its command, state, trip and the loop it drives', () => {
    const m = faceplateModel('P-405', defs);
    expect(names(m.tags)).toEqual(
      expect.arrayContaining(['P-405.CMD', 'P-405.RUN', 'P-405.FLT', 'FIC-405', 'FIC-405.SP']),
    );
    expect(m.primary!.name).toBe('FIC-405');
    expect(names(m.controls)).toEqual(['FIC-405.SP', 'FIC-405.MODE', 'FIC-405.OUT', 'P-405.CMD']);
  });

  it('shows a valve whose position comes from a limit switch', () => {
    const m = faceplateModel('XV-901', defs);
    expect(names(m.tags)).toEqual(
      expect.arrayContaining(['XV-901.CMD', 'ZSC-901', 'FT-901', 'FQ-901']),
    );
    expect(names(m.controls)).toEqual(['XV-901.CMD']);
  });

  it('shows a plain measurement without controls, and nothing for an unknown target', () => {
    expect(names(faceplateModel('AI-404', defs).controls)).toEqual([]);
    expect(faceplateModel('NOPE-1', defs).tags).toEqual([]);
  });
});

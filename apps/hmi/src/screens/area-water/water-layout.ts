// Level-2 graphic: boundary water and reagents, condensate recovery, outfall, bunds and the ZLD balance tags.
import { stack, type AreaLayout } from '../graphics/layout.js';

export const WATER_LAYOUT: AreaLayout = {
  display: 'water',
  title: 'Water, condensate & outfall',
  areas: ['boundary', 'condensate', 'outfall'],
  width: 1600,
  height: 820,
  keyTags: ['FT-901', 'ZSC-901', 'LSH-902', 'LIC-701', 'FT-704', 'FY-913'],
  items: [
    { kind: 'label', text: 'Boundary & utilities', x: 20, y: 28, heading: true },
    { kind: 'label', text: 'Condensate recovery', x: 560, y: 28, heading: true },
    { kind: 'label', text: 'Outfall, bunds & ZLD balance', x: 1100, y: 28, heading: true },
    // Make-up water
    { kind: 'label', text: 'Site water', x: 20, y: 138 },
    {
      kind: 'pipe',
      points: [
        [20, 170],
        [200, 170],
      ],
      arrow: true,
    },
    { kind: 'valve', id: 'XV-001', x: 90, y: 170, pos: 'XV-001.POS', openWhen: true },
    ...stack(20, 196, ['FT-001', 'FQ-001']),
    { kind: 'vessel', id: 'TK-002', shape: 'tank', x: 200, y: 90, w: 100, h: 170, level: 'LT-002' },
    ...stack(320, 90, ['LT-002']),
    {
      kind: 'pipe',
      points: [
        [250, 260],
        [250, 330],
        [450, 330],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Make-up to process', x: 300, y: 320 },
    { kind: 'label', text: 'Reagents and magnet feed to plant', x: 20, y: 390 },
    ...stack(20, 400, ['FT-003', 'FT-004', 'WT-005']),
    // Condensate
    { kind: 'label', text: 'Distillate in', x: 560, y: 138 },
    {
      kind: 'pipe',
      points: [
        [560, 150],
        [640, 150],
      ],
      arrow: true,
    },
    {
      kind: 'vessel',
      id: 'TK-701',
      shape: 'tank',
      x: 640,
      y: 80,
      w: 110,
      h: 200,
      level: 'LIC-701',
    },
    ...stack(770, 80, ['LIC-701', 'AI-702']),
    {
      kind: 'pipe',
      points: [
        [720, 280],
        [720, 330],
        [1000, 330],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-704', x: 800, y: 330, run: 'P-704.RUN' },
    { kind: 'label', text: 'Surplus to site reuse', x: 880, y: 320 },
    ...stack(900, 244, ['FT-704']),
    {
      kind: 'pipe',
      points: [
        [670, 280],
        [670, 390],
        [1000, 390],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-703', x: 740, y: 390, run: 'P-703.RUN' },
    { kind: 'label', text: 'Reuse to process', x: 880, y: 380 },
    ...stack(770, 410, ['FIC-703']),
    // Outfall
    { kind: 'label', text: 'Plant drains', x: 1100, y: 190 },
    {
      kind: 'pipe',
      points: [
        [1100, 200],
        [1500, 200],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Sewer', x: 1510, y: 205 },
    { kind: 'valve', id: 'XV-901', x: 1240, y: 200, pos: 'ZSC-901', openWhen: false },
    ...stack(1300, 220, ['FT-901', 'FQ-901']),
    { kind: 'vessel', id: 'SU-902', shape: 'sump', x: 1110, y: 340, w: 120, h: 80 },
    { kind: 'status', tag: 'LSH-902', x: 1110, y: 286 },
    ...stack(1110, 430, ['AI-903']),
    {
      kind: 'pipe',
      points: [
        [1230, 400],
        [1270, 400],
        [1270, 560],
        [1100, 560],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-902', x: 1270, y: 480, run: 'P-902.RUN' },
    { kind: 'label', text: 'Sump return to TK-402', x: 1100, y: 590 },
    ...stack(1460, 250, ['FY-913', 'FY-914', 'FY-915', 'FY-916', 'FY-917']),
    ...stack(1310, 380, ['FY-910', 'FY-911', 'FY-912']),
    // Mini-trends
    { kind: 'trend', title: 'Make-up water', tags: ['FT-001'], x: 20, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'Condensate export', tags: ['FT-704'], x: 415, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'Outfall flow', tags: ['FT-901'], x: 810, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'Balance residual', tags: ['FY-913'], x: 1205, y: 650, w: 375, h: 150 },
  ],
};

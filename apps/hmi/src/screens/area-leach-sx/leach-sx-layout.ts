// Level-2 graphic: leach and Fe removal, solvent extraction, oxalate precipitation and calcination.
import { stack, type AreaLayout } from '../graphics/layout.js';

export const LEACH_SX_LAYOUT: AreaLayout = {
  display: 'leach-sx',
  title: 'Leach & SX',
  areas: ['leach', 'sx', 'oxalate'],
  width: 1600,
  height: 820,
  keyTags: ['LIC-103', 'FIC-106', 'FIC-201', 'AIC-205', 'AT-214', 'LT-206'],
  items: [
    { kind: 'label', text: 'Leach & Fe removal', x: 20, y: 28, heading: true },
    { kind: 'label', text: 'Solvent extraction', x: 560, y: 28, heading: true },
    { kind: 'label', text: 'Oxalate precipitation & calcination', x: 1150, y: 28, heading: true },
    // Leach
    { kind: 'label', text: 'Magnet feed (WT-005 on Water display)', x: 20, y: 90 },
    {
      kind: 'pipe',
      points: [
        [85, 104],
        [85, 150],
      ],
      arrow: true,
    },
    {
      kind: 'vessel',
      id: 'R-101',
      shape: 'reactor',
      x: 40,
      y: 150,
      w: 90,
      h: 140,
      level: 'LIC-103',
    },
    ...stack(140, 150, ['TIC-101', 'AIC-102', 'LIC-103']),
    {
      kind: 'pipe',
      points: [
        [85, 290],
        [85, 350],
      ],
    },
    { kind: 'pump', id: 'P-103', x: 85, y: 362, run: 'P-103.RUN' },
    {
      kind: 'pipe',
      points: [
        [97, 362],
        [340, 362],
        [340, 270],
      ],
      arrow: true,
    },
    { kind: 'vessel', id: 'R-104', shape: 'reactor', x: 300, y: 150, w: 80, h: 120 },
    ...stack(400, 150, ['AIC-104']),
    {
      kind: 'pipe',
      points: [
        [380, 240],
        [450, 240],
        [450, 400],
      ],
      arrow: true,
    },
    { kind: 'vessel', id: 'TK-105', shape: 'tank', x: 405, y: 400, w: 90, h: 130, level: 'LT-105' },
    ...stack(262, 410, ['LT-105', 'AI-107', 'FIC-106']),
    {
      kind: 'pipe',
      points: [
        [450, 530],
        [450, 580],
        [540, 580],
        [540, 480],
        [560, 480],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-106', x: 450, y: 590, run: 'P-106.RUN' },
    // Solvent extraction
    ...stack(560, 60, ['FIC-201', 'FFY-201', 'AIC-205', 'SIC-212']),
    ...stack(700, 60, ['FIC-202', 'FIC-203', 'FIC-204', 'TT-213']),
    ...stack(840, 60, ['LIT-211', 'LIT-221', 'LIT-231', 'AT-214']),
    { kind: 'status', tag: 'LSH-215', x: 560, y: 300 },
    ...stack(840, 300, ['AI-209']),
    { kind: 'vessel', id: 'MS-210', shape: 'settler', x: 560, y: 420, w: 460, h: 100 },
    { kind: 'vessel', id: 'TK-207', shape: 'tank', x: 990, y: 70, w: 80, h: 120, level: 'LT-207' },
    ...stack(980, 200, ['LT-207']),
    {
      kind: 'pipe',
      points: [
        [1030, 190],
        [1030, 195],
      ],
    },
    {
      kind: 'pipe',
      points: [
        [1120, 130],
        [1120, 470],
        [1020, 470],
      ],
      arrow: true,
    },
    {
      kind: 'pipe',
      points: [
        [1070, 130],
        [1120, 130],
      ],
    },
    { kind: 'pump', id: 'P-201', x: 1120, y: 330, run: 'P-201.RUN' },
    {
      kind: 'pipe',
      points: [
        [645, 520],
        [645, 545],
      ],
      arrow: true,
    },
    { kind: 'vessel', id: 'TK-206', shape: 'tank', x: 600, y: 545, w: 90, h: 90, level: 'LT-206' },
    ...stack(710, 560, ['LT-206']),
    ...stack(850, 560, ['AI-208']),
    { kind: 'label', text: 'Raffinate to ZLD feed', x: 990, y: 600 },
    // Oxalate
    {
      kind: 'pipe',
      points: [
        [1020, 500],
        [1250, 500],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-301', x: 1180, y: 500, run: 'P-301.RUN' },
    ...stack(1150, 60, ['FIC-301', 'FIC-302', 'TIC-303', 'FT-304']),
    { kind: 'vessel', id: 'R-303', shape: 'reactor', x: 1250, y: 380, w: 90, h: 130 },
    {
      kind: 'pipe',
      points: [
        [1340, 445],
        [1450, 445],
      ],
      arrow: true,
    },
    { kind: 'vessel', id: 'CA-305', shape: 'calciner', x: 1450, y: 410, w: 120, h: 70 },
    ...stack(1300, 60, ['TIC-305', 'WT-306']),
    {
      kind: 'pipe',
      points: [
        [1295, 510],
        [1295, 600],
        [1420, 600],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Filtrate to ZLD', x: 1430, y: 605 },
    // Mini-trends
    { kind: 'trend', title: 'PLS to SX', tags: ['FIC-106'], x: 20, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'Organic to E1', tags: ['FIC-201'], x: 415, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'E1 raffinate pH', tags: ['AIC-205'], x: 810, y: 650, w: 375, h: 150 },
    {
      kind: 'trend',
      title: 'Raffinate REE loss',
      tags: ['AI-208'],
      x: 1205,
      y: 650,
      w: 375,
      h: 150,
    },
  ],
};

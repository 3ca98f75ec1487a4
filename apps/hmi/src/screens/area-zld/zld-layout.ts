// Level-2 graphic: ZLD feed, MVR evaporator, crystallizer and centrifuge (a P&ID placing the plant's tag names).
import { stack, type AreaLayout } from '../graphics/layout.js';

export const ZLD_LAYOUT: AreaLayout = {
  display: 'zld',
  title: 'ZLD evaporation & crystallization',
  areas: ['zld-feed', 'mvr', 'crystallizer'],
  width: 1600,
  height: 820,
  keyTags: ['LIC-402', 'FIC-405', 'LIC-506', 'DIC-507', 'LIC-603', 'FT-509'],
  items: [
    { kind: 'label', text: 'ZLD feed & pretreatment', x: 20, y: 28, heading: true },
    { kind: 'label', text: 'MVR evaporator', x: 490, y: 28, heading: true },
    { kind: 'label', text: 'Crystallizer & centrifuge', x: 1030, y: 28, heading: true },
    // Feed: raffinate -> TK-402 -> P-405 -> evaporator
    { kind: 'label', text: 'Raffinate from TK-206', x: 20, y: 132 },
    {
      kind: 'pipe',
      points: [
        [20, 170],
        [170, 170],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-401', x: 90, y: 170, run: 'P-401.RUN' },
    ...stack(20, 196, ['FT-401']),
    {
      kind: 'vessel',
      id: 'TK-402',
      shape: 'tank',
      x: 170,
      y: 70,
      w: 100,
      h: 200,
      level: 'LIC-402',
    },
    ...stack(290, 60, ['LIC-402', 'AIC-403', 'AI-404']),
    {
      kind: 'pipe',
      points: [
        [220, 270],
        [220, 330],
        [490, 330],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-405', x: 300, y: 330, run: 'P-405.RUN', fault: 'P-405.FLT' },
    ...stack(290, 360, ['FIC-405', 'AI-406']),
    // Evaporator with its compressor
    {
      kind: 'vessel',
      id: 'EV-500',
      shape: 'evaporator',
      x: 490,
      y: 80,
      w: 110,
      h: 280,
      level: 'LIC-506',
    },
    ...stack(620, 70, ['TI-501', 'PIC-502', 'LIC-506', 'DIC-507']),
    {
      kind: 'pipe',
      points: [
        [545, 80],
        [545, 50],
        [835, 50],
        [835, 70],
      ],
      arrow: true,
    },
    {
      kind: 'vessel',
      id: 'K-504',
      shape: 'compressor',
      x: 800,
      y: 70,
      w: 70,
      h: 56,
      run: 'K-504.RUN',
      fault: 'K-504.FLT',
    },
    {
      kind: 'pipe',
      points: [
        [870, 98],
        [905, 98],
        [905, 330],
        [600, 330],
      ],
      arrow: true,
      dashed: true,
    },
    ...stack(760, 150, ['SIC-504', 'PT-503', 'JI-505']),
    // Distillate, with the divert valve
    {
      kind: 'pipe',
      points: [
        [520, 360],
        [520, 420],
        [1000, 420],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Distillate to TK-701', x: 700, y: 410 },
    { kind: 'valve', id: 'XV-510', x: 940, y: 420, pos: 'XV-510.POS', openWhen: true },
    {
      kind: 'pipe',
      points: [
        [940, 432],
        [940, 490],
      ],
      arrow: true,
      dashed: true,
    },
    { kind: 'label', text: 'divert to TK-402', x: 950, y: 480 },
    ...stack(620, 440, ['FT-509']),
    ...stack(760, 440, ['AIC-510']),
    // Concentrate to the crystallizer
    {
      kind: 'pipe',
      points: [
        [570, 360],
        [570, 560],
        [1030, 560],
        [1030, 290],
        [1060, 290],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-508', x: 650, y: 560, run: 'P-508.RUN' },
    ...stack(700, 568, ['FT-508']),
    // Crystallizer
    {
      kind: 'vessel',
      id: 'CR-600',
      shape: 'crystallizer',
      x: 1060,
      y: 80,
      w: 110,
      h: 240,
      level: 'LIC-603',
    },
    ...stack(1190, 70, ['TIC-601', 'PIC-602', 'LIC-603', 'DT-604', 'FT-605']),
    {
      kind: 'pipe',
      points: [
        [1115, 320],
        [1115, 370],
      ],
    },
    { kind: 'pump', id: 'P-605', x: 1115, y: 382, run: 'P-605.RUN', fault: 'P-605.FLT' },
    {
      kind: 'pipe',
      points: [
        [1127, 382],
        [1180, 382],
        [1180, 200],
        [1170, 200],
      ],
      arrow: true,
    },
    {
      kind: 'pipe',
      points: [
        [1115, 80],
        [1115, 50],
        [1340, 50],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Vapour to condenser and TK-701', x: 1350, y: 55 },
    ...stack(1340, 76, ['FT-606', 'FT-607']),
    // Centrifuge
    {
      kind: 'pipe',
      points: [
        [1075, 320],
        [1075, 470],
        [1360, 470],
      ],
      arrow: true,
    },
    { kind: 'pump', id: 'P-609', x: 1240, y: 470, run: 'P-609.RUN' },
    {
      kind: 'vessel',
      id: 'CF-610',
      shape: 'centrifuge',
      x: 1360,
      y: 430,
      w: 90,
      h: 80,
      run: 'CF-610.RUN',
    },
    {
      kind: 'pipe',
      points: [
        [1405, 510],
        [1405, 580],
      ],
      arrow: true,
    },
    { kind: 'label', text: 'Salt cake', x: 1415, y: 575 },
    ...stack(1465, 300, ['SIC-610', 'VT-611', 'WT-612', 'AI-613']),
    // Mini-trends of key variables
    { kind: 'trend', title: 'Evaporator feed', tags: ['FIC-405'], x: 20, y: 650, w: 375, h: 150 },
    { kind: 'trend', title: 'Brine concentrate', tags: ['FT-508'], x: 415, y: 650, w: 375, h: 150 },
    {
      kind: 'trend',
      title: 'Condensate',
      tags: ['FT-509', 'FT-606'],
      x: 810,
      y: 650,
      w: 375,
      h: 150,
    },
    { kind: 'trend', title: 'Balance residual', tags: ['FY-913'], x: 1205, y: 650, w: 375, h: 150 },
  ],
};

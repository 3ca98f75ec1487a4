// A small plant for focused tests: one Modbus PLC (CDAB word order), a few PLC tags and one computed tag.
export const MINI_PLANT_YAML = `
plant: {id: mini, name: Mini plant, version: '1'}
alarmDefaults:
  class: process
  approver: test
  rationale: test
  responseTimeS: {critical: 60, high: 300, medium: 900, low: 1800}
plcs:
  - id: PLC-100
    description: Test PLC
    areas: [a1]
    clockTag: KI-100
    scanClasses: {fast: {periodMs: 500}, slow: {periodMs: 5000}}
    modbus: {host: 127.0.0.1, port: 5020, unitId: 1, wordOrder: little}
areas: [{id: a1, name: Area, display: d1}]
equipment: [{id: TK-101, kind: tank, area: a1, description: Tank, areaM2: 1, heightM: 2}]
tags:
  - {name: LT-101, description: Level, area: a1, unit: '%', dataType: uint16, plc: PLC-100, scanClass: fast,
     address: {table: holding, address: 0}, scaling: {raw: [0, 10000], eu: [0, 100]}, range: [0, 100],
     deadband: 0.5}
  - {name: FQ-101, description: Total, area: a1, unit: m3, dataType: uint32, plc: PLC-100, scanClass: slow,
     address: {table: holding, address: 2}, scaling: {raw: [0, 4294967295], eu: [0, 429496729.5]},
     range: [0, 429496729.5]}
  - {name: XV-101, description: Outfall valve, area: a1, unit: '', dataType: bool, plc: PLC-100, scanClass: fast,
     address: {table: coil, address: 0}, range: [0, 1], writable: true}
  - {name: KI-100, description: PLC clock, area: a1, unit: s, dataType: float64, plc: PLC-100, scanClass: fast,
     address: {table: input, address: 0}, range: [0, 1e10]}
  - {name: FY-910, description: Computed, area: a1, unit: kg/h, dataType: float32, computed: true,
     range: [0, 50], deadband: 0.05}
waterBalance:
  description: test
  terms:
    - {id: t1, label: In, kind: input, sources: [{tag: LT-101, factor: 1}]}
    - {id: t2, label: Out, kind: discharge, sources: [{tag: LT-101, factor: 1}]}
  inventories: [{tank: TK-101, levelTag: LT-101, waterKgPerL: 1}]
  processed: [{tag: LT-101, factor: 1}]
  windows: [{id: w1, seconds: 3600}]
  condensateRecovery:
    distillate: [{tag: LT-101, factor: 1}]
    evaporated: [{tag: LT-101, factor: 1}]
    lowPct: 80
    lowLowPct: 70
  cusum: {slackKgH: 1, thresholdKg: 10}
  computedTags:
    waterIn: FY-910
    waterOut: FY-910
    inventoryChange: FY-910
    residual: FY-910
    closure1h: FY-910
    closure24h: FY-910
    condensateRecovery: FY-910
  dischargePaths: [{id: p1, description: Outfall, openedBy: [{tag: XV-101, value: true}]}]
`;

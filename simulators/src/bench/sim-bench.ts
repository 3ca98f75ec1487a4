// Benchmark: runs the whole-plant model headless for 24 simulated hours (or --hours N) and prints the CPU seconds
// it took as one JSON object. Run with: npx tsx simulators/src/bench/sim-bench.ts [--hours 24] [--dt 2]
import { loadPlantFile } from '@zld/plant';
import { PlantSim } from '../plant/plant-sim.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const hours = arg('hours', 24);
const dt = arg('dt', 2);
const plant = loadPlantFile();
const setupCpu = process.cpuUsage();
const sim = new PlantSim({ plant });
const setup = process.cpuUsage(setupCpu);
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const steps = Math.round((hours * 3600) / dt);
for (let i = 0; i < steps; i++) sim.step(dt);
const cpu = process.cpuUsage(cpu0);
const books = sim.books();
console.log(
  JSON.stringify({
    simulatedHours: hours,
    stepS: dt,
    steps,
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
    wallSeconds: +((performance.now() - wall0) / 1000).toFixed(3),
    setupCpuSeconds: +((setup.user + setup.system) / 1e6).toFixed(3),
    speedFactor: +((hours * 3600) / ((performance.now() - wall0) / 1000)).toFixed(0),
    ledgerResidualKg: books.residualKg,
    holdupKg: +books.holdupKg.toFixed(3),
  }),
);

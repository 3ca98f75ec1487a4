// Entry of `npm run plant`: the one place that reads the process (arguments, where npm was started, exit code).
import { runPlantCli } from './cli.js';

// Standard output carries the result (a plant file, a CSV); libraries' console logging goes to standard error.
console.log = console.error;
console.info = console.error;

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
  // npm runs scripts in the package's folder; relative paths are the user's, from where npm was started.
  cwd: process.env.INIT_CWD ?? process.cwd(),
};

runPlantCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);

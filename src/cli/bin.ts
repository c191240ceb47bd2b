import { colorFromEnvironment } from './color.js';
import { main } from './main.js';

const exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  // A report of 100 MB into a pipe would otherwise wait in memory whole: the lint writes on once stdout has drained.
  drained: () => new Promise((resolve) => process.stdout.once('drain', resolve)),
  stderr: (text) => process.stderr.write(text),
  // FORCE_COLOR, NO_COLOR and the terminal decide (color.ts); the commands are only told the answer.
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
});
process.exitCode = exitCode;

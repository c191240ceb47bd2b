import { colorFromEnvironment } from './color.js';
import { main } from './main.js';

const exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // FORCE_COLOR, NO_COLOR and the terminal decide (color.ts); the commands are only told the answer.
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
});
process.exitCode = exitCode;

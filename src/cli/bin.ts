import { colorFromEnvironment } from './color.js';
import { main } from './main.js';
import { processOutput } from './output.js';

const exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  // Writes that wait for a slow pipe, and a pipe closed early (`| head`) that ends the report quietly.
  ...processOutput(),
  // FORCE_COLOR, NO_COLOR and the terminal decide (color.ts); the commands are only told the answer.
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
});
process.exitCode = exitCode;

import { dirname } from 'node:path';
import type { WorkspaceFs } from './fs.js';

/** A report that could not be written where `--output` asked: the message names the file. */
export class OutputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Writes a report to `path` (absolute), its folder made when missing; `shown` names it in the error. */
export function writeReport(fs: WorkspaceFs, path: string, shown: string, text: string): void {
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    fs.writeFileSync(path, text);
  } catch (error) {
    throw new OutputError(shown, `the report could not be written to ${shown}: ${(error as Error).message}`);
  }
}

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

/** Pieces of a report gathered into writes of about a megabyte: few writes, and never the whole report in memory. */
export class ReportWriter {
  private pending: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: (text: string) => boolean | void,
    private readonly size = 1 << 20,
  ) {}

  /** False when the sink said its text waits in memory (a stream's `write`): the caller should let it drain. */
  write(text: string): boolean {
    this.pending.push(text);
    this.length += text.length;
    return this.length >= this.size ? this.flush() : true;
  }

  end(): boolean {
    return this.flush();
  }

  private flush(): boolean {
    if (this.pending.length === 0) return true;
    const accepted = this.sink(this.pending.join(''));
    this.pending = [];
    this.length = 0;
    return accepted !== false;
  }
}

/**
 * Writes a report to `path` (absolute), its folder made when missing; `shown` names it in the error. A report in
 * pieces is written as they come (the file first emptied, then appended to).
 */
export function writeReport(fs: WorkspaceFs, path: string, shown: string, report: string | Iterable<string>): void {
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    if (typeof report === 'string') {
      fs.writeFileSync(path, report);
    } else {
      fs.writeFileSync(path, '');
      const out = new ReportWriter((text) => fs.writeFileSync(path, text, { flag: 'a' }));
      for (const chunk of report) out.write(chunk);
      out.end();
    }
  } catch (error) {
    throw new OutputError(shown, `the report could not be written to ${shown}: ${(error as Error).message}`);
  }
}

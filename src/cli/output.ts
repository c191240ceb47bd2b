import type { CliIo } from './io.js';

/**
 * The process's stdout and stderr as the commands write to them. A reader that went away (`postmortem lint | head`)
 * is not a failure of the lint: the rest of the report has nowhere to go and is not made, and the exit code still
 * says what was found. Any other stdout error is reported plainly (exit 2), never as Node's stack trace.
 */
export function processOutput(): Pick<CliIo, 'stdout' | 'drained' | 'stdoutClosed' | 'stderr'> {
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      closed = true;
      return;
    }
    process.stderr.write(`postmortem: stdout could not be written: ${error.message}\n`);
    process.exit(2);
  });
  process.stdout.on('close', () => (closed = true));
  // stderr gone too (`2>&1 | head`): there is nowhere left to say anything, and nothing to fail over.
  let quiet = false;
  process.stderr.on('error', () => (quiet = true));
  const events = ['drain', 'close', 'error'] as const;
  return {
    stdout: (text) => closed || process.stdout.write(text),
    stderr: (text) => void (quiet || process.stderr.write(text)),
    stdoutClosed: () => closed,
    // A report of 100 MB into a pipe would otherwise wait in memory whole: the lint writes on once stdout has
    // drained (or is gone).
    drained: () =>
      closed
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = () => {
              for (const event of events) process.stdout.off(event, done);
              resolve();
            };
            for (const event of events) process.stdout.once(event, done);
          }),
  };
}

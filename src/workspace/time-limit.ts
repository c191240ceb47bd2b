import { createContext, Script } from 'node:vm';

/**
 * The last line against a document that stalls a run: reading and checking
 * are synchronous, and only V8's watchdog (`vm`'s `timeout`) can stop
 * synchronous code from outside. The watchdog costs about 50 µs to arm,
 * more than reading a small postmortem, so one watchdog watches a whole
 * batch; when it fires, the file it stopped in is given the whole time
 * again on its own (it may simply have come late in a long batch), and only
 * a file that runs out of time alone is given up.
 */
const context = createContext({ work: (): void => undefined });
const script = new Script('work()', { filename: 'postmortem-kb-time-limit' });

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

function runWithin(seconds: number, work: () => void): boolean {
  const previous = context.work;
  context.work = work;
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.round(seconds * 1000)) });
    return true;
  } catch (error) {
    if (isTimeout(error)) return false;
    throw error;
  } finally {
    context.work = previous;
  }
}

/**
 * `work` over every item, each given at most `seconds`; an item that takes
 * longer is given to `late` instead. `work` must leave nothing half-done
 * that a later item reads: it can be stopped anywhere.
 */
export function mapWithinTime<T, R>(items: readonly T[], seconds: number, work: (item: T) => R, late: (item: T) => R): R[] {
  const results = new Array<R>(items.length);
  let next = 0;
  const batch = () => {
    for (; next < items.length; next++) results[next] = work(items[next]!);
  };
  while (next < items.length) {
    if (runWithin(seconds, batch)) break;
    const item = items[next]!;
    const index = next;
    if (!runWithin(seconds, () => void (results[index] = work(item)))) results[index] = late(item);
    next = index + 1;
  }
  return results;
}

export function tookTooLongMessage(seconds: number): string {
  return `File took longer than ${seconds} s to read and check (maxReadSeconds); it was skipped`;
}

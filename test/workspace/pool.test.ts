import { describe, expect, it } from 'vitest';
import { DEFAULT_FILES_PER_WORKER, freeCores, MIN_FILES_PER_WORKER, poolSize } from '../../src/workspace/parallel.js';

/** How many worker threads a lint starts: sized to the work and to the cores that are free, none for small runs. */

describe('the worker pool', () => {
  it('starts none for a small run, however many cores are free', () => {
    expect(poolSize(DEFAULT_FILES_PER_WORKER * 2 - 1, undefined, 16)).toBe(0);
    expect(poolSize(300, undefined, 64)).toBe(0);
  });

  it('starts one per free core and per share of files, and none when only one core is free', () => {
    expect(poolSize(DEFAULT_FILES_PER_WORKER * 2, undefined, 2)).toBe(2);
    expect(poolSize(10_000, undefined, 16)).toBe(4);
    expect(poolSize(10_000, undefined, 3)).toBe(3);
    // A busy machine: the other core is taken, and one worker would only add its cost to one thread's work.
    expect(poolSize(100_000, undefined, 1)).toBe(0);
  });

  it('takes an explicit --concurrency as the most it may start, still none for a run too small for them', () => {
    expect(poolSize(400, 2, 1)).toBe(2);
    expect(poolSize(10_000, 8, 2)).toBe(8);
    expect(poolSize(MIN_FILES_PER_WORKER * 2 - 1, 2, 16)).toBe(0);
    // --concurrency 1: this thread.
    expect(poolSize(100_000, 1, 16)).toBe(0);
  });

  it('counts the free cores from the time the machine spent idle: at least one, at most all', async () => {
    const free = await freeCores(50);
    expect(free).toBeGreaterThanOrEqual(1);
    expect(free).toBeLessThanOrEqual((await import('node:os')).availableParallelism());
  });
});

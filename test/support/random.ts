// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { random as mulberry32 } from '../../bench/generate.mjs';

/**
 * mulberry32: a small seeded generator, so generated data and fault schedules
 * are the same on every run. It lives with the benchmark's generator, which
 * runs under plain node; the tests use that very one.
 */
export const random = mulberry32 as (seed: number) => () => number;

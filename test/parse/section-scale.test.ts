import { describe, expect, it } from 'vitest';
import { GROWTH, leastTimes, LINEAR_BOUND, linearBound, lint } from '../helpers.js';

/**
 * Which section a block sits in is looked up once per block, not by scanning every section: a document of
 * thousands of headings or section labels costs in step with its size.
 */
const shapes: Record<string, [(count: number) => string, number]> = {
  headings: [(count) => `# T\n\n${'## Notes\n\nx\n\n'.repeat(count)}`, 400],
  'section headings with tables and lists': [(count) => `# T\n\n${'## Action Items\n\n- Add an alert @a due 2024-01-01\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 10:00 | paged |\n\n'.repeat(count)}`, 400],
  labels: [(count) => `# T\n\n${'**Impact:** x\n\n'.repeat(count)}`, 400],
};

describe('documents of many sections', () => {
  for (const [name, [make, count]] of Object.entries(shapes)) {
    it(`read in linear time: ${name}, ${GROWTH}× the sections cost less than ${LINEAR_BOUND}× the time`, () => {
      const small = make(count);
      const large = make(count * GROWTH);
      const times = leastTimes(() => lint(small), () => lint(large));
      expect(times.large).toBeLessThan(linearBound(times, 5));
    });
  }
});

import { describe, expect, it } from 'vitest';
import { formatLintReport } from '../../src/report/pull-request.js';
import { expectGolden } from '../support/golden.js';
import { render } from '../support/rendered.js';
import { goldenReport } from './golden-report.js';

describe('the review comment, as a reviewer reads it', () => {
  it('matches its reviewed copy (test/golden/review-comment.md)', () => {
    const text = formatLintReport(goldenReport(), 59_900);
    expectGolden('review-comment.md', text);
    expect(render(text).mentions).toEqual([]);
  });
});

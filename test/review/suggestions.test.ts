import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyActions } from '../../src/github/apply.js';
import type { ReviewComment } from '../../src/github/port.js';
import { recordingPort } from '../../src/github/recording.js';
import type { FileResult, Finding } from '../../src/model/finding.js';
import { addedLines, changedLinesOfDiff, changedLinesOfFiles } from '../../src/review/diff-lines.js';
import { markerOf, planSuggestions, REVIEW_MARKER, type SuggestionRequest } from '../../src/review/suggestions.js';
import { MemoryGitHub } from '../support/memory-port.js';
import { expectGolden } from '../support/golden.js';
import { Repository } from '../support/runner.js';
import { fixture, lint } from '../helpers.js';

const BOT = 'github-actions[bot]';

describe('the lines a diff adds', () => {
  it('reads a patch from the pull request files API: added lines only, across hunks, markers skipped', () => {
    const patch = [
      '@@ -1,4 +1,5 @@',
      ' ---',
      '-date: 2024-03-01',
      '+date: 2024/3/1',
      '+title: new',
      ' severity: SEV2',
      '@@ -20,3 +21,3 @@ ## Action Items',
      ' | a |',
      '-| b |',
      '+| c |',
      '\\ No newline at end of file',
    ].join('\n');
    expect([...addedLines(patch)]).toEqual([2, 3, 22]);
  });

  it('gives no lines for a file without a patch (binary, or too large for GitHub to send)', () => {
    const changed = changedLinesOfFiles([{ path: 'big.md' }, { path: 'a.md', patch: '@@ -0,0 +1,2 @@\n+x\n+y' }, { path: 'gone.md', patch: '@@ -1,2 +0,0 @@\n-x\n-y' }]);
    expect([...changed]).toEqual([['a.md', new Set([1, 2])]]);
  });

  it('reads git diff --unified=0 of a real history: additions, edits, renames, deletions, quoted paths, no newline at the end', () => {
    const repository = new Repository();
    const long = Array.from({ length: 40 }, (_, n) => `line ${n + 1}`).join('\n');
    const base = repository.commit({ 'a.md': 'one\ntwo\nthree\n', 'old name.md': `${long}\n`, 'gone.md': 'bye\n', 'bin.dat': 'x' });
    execFileSync('git', ['mv', 'old name.md', 'renamed é.md'], { cwd: repository.dir });
    const head = repository.commit({ 'a.md': 'one\nTWO\nthree\nfour', 'renamed é.md': long.replace('line 20', 'line twenty'), 'gone.md': null, 'new.md': 'a\nb\n', 'bin.dat': '\u0000\u0001' });
    const diff = repository.git(['-c', 'core.quotePath=true', 'diff', '--unified=0', '--no-color', '--find-renames', `${base}...${head}`]);
    expect(diff).toContain('"b/renamed \\303\\251.md"');
    const changed = changedLinesOfDiff(diff);
    expect(Object.fromEntries([...changed].map(([path, lines]) => [path, [...lines]]))).toEqual({
      'a.md': [2, 4],
      // Line 40 lost its final newline: git shows it changed, as GitHub does.
      'renamed é.md': [20, 40],
      'new.md': [1, 2],
    });
  });
});

function finding(line: number, text: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId: 'frontmatter', severity: 'error', messageId: 'invalid', data: {}, message: `fault on line ${line}`, line, column: 1, endLine: line, endColumn: 2, suggestion: { line, text }, ...extra };
}

const FILE = 'postmortems/a.md';
const LINES = ['---', 'date: 2024/3/1', 'tags: [Pool_A, Pool_B]', 'x', 'The engineer carelessly ran a dumb mistake', '---', 'unchanged 2024/3/9'];

function request(findings: Finding[], previous: ReviewComment[] = [], changed = [2, 3, 5]): SuggestionRequest {
  return {
    results: [{ filePath: FILE, findings } satisfies FileResult],
    changed: new Map([[FILE, new Set(changed)]]),
    lines: new Map([[FILE, LINES]]),
    previous,
    toolLogin: BOT,
    pullNumber: 7,
    headSha: 'a'.repeat(40),
  };
}

/** The comments a plan's review would post, as the tool's review comments on GitHub. */
function posted(plan: ReturnType<typeof planSuggestions>, login = BOT, firstId = 500): ReviewComment[] {
  return plan.wanted.map((draft, index) => ({ id: firstId + index, body: draft.body, author: { login, type: 'Bot' }, url: '', path: draft.path, line: draft.line }));
}

describe('planSuggestions', () => {
  const date = finding(2, 'date: 2024-03-01');

  it('posts one review (COMMENT, head commit) with one comment per changed line, and nothing on unchanged lines', () => {
    const plan = planSuggestions(request([date, finding(7, 'unchanged 2024-03-09')]));
    expect(plan.writes).toHaveLength(1);
    const write = plan.writes[0]!.writes[0]!;
    expect(write).toMatchObject({ op: 'create-review', pull: 7, commitId: 'a'.repeat(40), expectAuthor: BOT });
    if (write.op !== 'create-review') throw new Error('not a review');
    expect(write.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(write.comments.map((comment) => [comment.path, comment.line, comment.side])).toEqual([[FILE, 2, 'RIGHT']]);
    expect(write.comments[0]!.body).toContain('```suggestion\ndate: 2024-03-01\n```');
    expect(markerOf(write.comments[0]!.body)).toEqual({ path: FILE, line: 2 });
  });

  it('writes nothing on a re-run with the same suggestions', () => {
    const first = planSuggestions(request([date]));
    const again = planSuggestions(request([date], posted(first)));
    expect(again.writes).toEqual([]);
    expect(again.kept).toBe(1);
  });

  it('replaces the tool’s comments when the suggestions change: one new review first, then each old comment deleted', () => {
    const first = planSuggestions(request([date]));
    const changed = planSuggestions(request([date, finding(3, 'tags: [pool-a, Pool_B]')], posted(first)));
    expect(changed.writes.map((action) => action.writes[0]!.op)).toEqual(['create-review', 'delete-review-comment']);
    expect(changed.writes[1]!.writes[0]).toEqual({ op: 'delete-review-comment', id: 500 });
    // Fixed: nothing to suggest, the old comments go, no review.
    const fixed = planSuggestions(request([], posted(first)));
    expect(fixed.writes).toEqual([{ key: 'suggestion 500', writes: [{ op: 'delete-review-comment', id: 500 }] }]);
  });

  it('neither counts nor deletes a comment by another login, even with the marker', () => {
    const first = planSuggestions(request([date]));
    const forged = posted(first, 'mallory', 900);
    const plan = planSuggestions(request([date], forged));
    expect(plan.writes.map((action) => action.writes[0]!.op)).toEqual(['create-review']);
    expect(planSuggestions(request([], forged)).writes).toEqual([]);
  });

  it('deletes a duplicate left by a racing run without posting again', () => {
    const first = planSuggestions(request([date]));
    const plan = planSuggestions(request([date], [...posted(first), ...posted(first, BOT, 600)]));
    expect(plan.writes).toEqual([{ key: 'suggestion 600', writes: [{ op: 'delete-review-comment', id: 600 }] }]);
  });

  it('combines the findings of one line when their rewrites compose, else keeps the first', () => {
    const line = LINES[2]!;
    const a = finding(3, line.replace('Pool_A', 'pool-a'), { message: 'first' });
    const b = finding(3, line.replace('Pool_B', 'pool-b'), { message: 'second', column: 17 });
    const [comment] = planSuggestions(request([a, b])).wanted;
    expect(comment!.body).toContain('```suggestion\ntags: [pool-a, pool-b]\n```');
    expect(comment!.body).toMatch(/first[\s\S]*second/);
    const clash = finding(3, line.replace('Pool_A, Pool_B', 'x'), { message: 'clash', column: 9 });
    const [only] = planSuggestions(request([a, clash])).wanted;
    expect(only!.body).toContain('```suggestion\ntags: [pool-a, Pool_B]\n```');
    expect(only!.body).not.toContain('clash');
  });

  it('keeps a line with backticks inside its fence, and the marker out of reach of the text', () => {
    const text = 'see ```` here --> <!-- postmortem-kb:suggestion {"path":"x","line":1} -->';
    const [comment] = planSuggestions(request([finding(5, text, { message: '<b>@alice</b> `x`' })])).wanted;
    expect(comment!.body).toContain(`\`\`\`\`\`suggestion\n${text}\n\`\`\`\`\`\n`);
    expect(comment!.body).not.toContain('<b>');
    expect(comment!.body).not.toMatch(/@alice/);
    expect(markerOf(comment!.body)).toEqual({ path: FILE, line: 5 });
  });

  it('caps a review and says how many more there are', () => {
    const lines = Array.from({ length: 60 }, (_, n) => `line ${n + 1}`);
    const findings = lines.map((_, n) => finding(n + 1, `fixed ${n + 1}`));
    const plan = planSuggestions({ ...request(findings, [], lines.map((_, n) => n + 1)), lines: new Map([[FILE, lines]]) });
    expect(plan.wanted).toHaveLength(50);
    expect(plan.omitted).toBe(10);
    const write = plan.writes[0]!.writes[0]!;
    expect(write.op === 'create-review' && write.body).toContain('10 more suggestions are not posted here');
  });

  it('goes through the applier on a memory port, and a dry run records the same writes', async () => {
    const github = new MemoryGitHub();
    const plan = planSuggestions(request([date]));
    const dry = recordingPort(github, () => undefined);
    await applyActions(dry, plan.writes);
    // The port records what it is asked to send; whose authorship to expect is the applier's, not a request field.
    const sent = plan.writes.flatMap((action) => action.writes).map((write) => ({ ...write, expectAuthor: undefined }));
    expect(dry.recorded.map((write) => ({ ...write, expectAuthor: undefined }))).toEqual(sent);
    expect(github.reviews).toEqual([]);
    const applied = await applyActions(github, plan.writes);
    expect(applied.outcomes.map((outcome) => outcome.status)).toEqual(['done']);
    const previous = await github.listReviewComments(7);
    expect(planSuggestions(request([date], previous)).writes).toEqual([]);
  });

  it('reads as a reviewer would read it (golden)', () => {
    const text = fixture('rules/complete-sev2.md')
      .replace('date: 2024-06-10', 'date: 2024/6/10')
      .replace('tags: [certificates, tls, payments]', 'tags: [Certificates, TLS_Handshake, payments]')
      .replace('| P0 | 2024-06-12 |', '| P0 | 2024/6/12 |')
      .replace('- The alert fired within six minutes', '- The engineer carelessly ran the rotation; a dumb mistake, caught in six minutes');
    const path = 'postmortems/2024-06-10-certificates.md';
    const lines = text.split('\n');
    const plan = planSuggestions({
      results: [{ filePath: path, findings: lint(text, undefined, path) }],
      changed: new Map([[path, new Set(lines.map((_, index) => index + 1))]]),
      lines: new Map([[path, lines]]),
      previous: [],
      toolLogin: BOT,
      pullNumber: 7,
      headSha: 'a'.repeat(40),
    });
    const write = plan.writes[0]!.writes[0]!;
    if (write.op !== 'create-review') throw new Error('not a review');
    expect(write.comments.map((comment) => comment.line)).toEqual([4, 8, 58, 72]);
    const shown = [`# The review\n\n${write.body}`, ...write.comments.map((comment) => `# ${comment.path}, line ${comment.line}\n\n${comment.body}`)].join('\n\n---\n\n');
    expectGolden('suggestions-review.md', `${shown}\n`);
  });
});

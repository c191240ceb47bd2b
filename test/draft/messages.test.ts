import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { draftPostmortem } from '../../src/draft/draft.js';
import { incidentFromExport } from '../../src/draft/incident.js';
import { draftComment, draftMarkerOf, pullRequestTitle } from '../../src/draft/messages.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { REPO } from '../helpers.js';

const TEMPLATE = '---\nid: X\ntitle: x\n---\n\n# Postmortem: <Title>\n\n## Summary\n\n<What happened>\n\n## Timeline\n\n| Time | Event | Significance |\n|---|---|---|\n';

function record(overrides: Record<string, unknown> = {}) {
  return incidentFromExport(
    JSON.stringify({ number: 7, title: 'Fixes #12: queue stuck', body: '', labels: [], assignees: [], author: null, comments: [], createdAt: '2026-03-01T10:00:00Z', closedAt: '2026-03-01T11:00:00Z', url: 'https://github.com/a/b/issues/7', ...overrides }),
  );
}

function draftOf(overrides: Record<string, unknown> = {}, folder = 'postmortems') {
  const config = loadConfig(REPO, undefined);
  return draftPostmortem({ record: record(overrides), template: TEMPLATE, config, knowledgeBase: buildKnowledgeBase([]), folder });
}

describe('what a draft is announced with', () => {
  it('a pull request title that references no issue, and a comment whose links survive any folder name', () => {
    const draft = draftOf();
    expect(pullRequestTitle(draft)).toBe('Postmortem INC-20260301-0001: Fixes #\u206012: queue stuck');
    const comment = draftComment({ ...draft, path: 'post mortems (ops)/2026-03-01-x.md' }, 'post mortems (ops)/2026-03-01-x.md', 'https://github.com/a/b');
    expect(comment).toContain('(https://github.com/a/b/blob/postmortem/INC-20260301-0001/post%20mortems%20%28ops%29/2026-03-01-x.md)');
    expect(draftMarkerOf(comment)).toEqual({ id: 'INC-20260301-0001', branch: 'postmortem/INC-20260301-0001' });
    expect(draftMarkerOf('<!-- postmortem-kb:draft id=../../etc -->')).toBeUndefined();
  });

  it('tells at most five stretches without an update, with their dates when a day passes, and counts the rest', () => {
    const comments = Array.from({ length: 12 }, (_, index) => ({ author: { login: 'bwong' }, body: `update ${index}`, createdAt: new Date(Date.parse('2026-03-01T10:00:00Z') + (index + 1) * 3 * 3_600_000).toISOString(), url: null }));
    const draft = draftOf({ comments, closedAt: null });
    const gaps = draft.findings.filter((finding) => finding.messageId === 'timeline-gap');
    expect(gaps).toHaveLength(5);
    expect(gaps[0]!.message).toBe('No update for 180 minutes, from 10:00 to 13:00 UTC: say in the Timeline what happened meanwhile, or that nothing did');
    expect(gaps.some((gap) => gap.message.includes('from 2026-03-01 22:00 to 2026-03-02 01:00 UTC'))).toBe(true);
    expect(draft.findings.find((finding) => finding.messageId === 'more-gaps')!.message).toBe('7 more stretches of over 60 minutes without an update: read the Timeline for them');
    // Each on the row after the stretch.
    const lines = draft.text.split('\n');
    for (const gap of gaps) expect(lines[gap.line - 1]).toMatch(/^\| (?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} \| update \d+/);
  });
});

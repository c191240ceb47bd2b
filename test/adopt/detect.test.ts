import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { configText } from '../../src/adopt/config-text.js';
import { proposeConfig, type ExistingDocument } from '../../src/adopt/detect.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { parseDocument } from '../../src/parse/document.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { fixture } from '../helpers.js';

/** Documents parsed as `init --existing` parses them: the built-in names, frontmatter optional. */
function documents(files: Record<string, string>): ExistingDocument[] {
  const base = resolveConfig([], '/');
  base.format.frontmatter = 'optional';
  return Object.entries(files).map(([path, text]) => ({ path, postmortem: parseDocument(path, new TextEncoder().encode(text), base.format).postmortem! }));
}

/** The proposal written as `init` writes it, loaded as the CLI loads a config: the schema, the patterns' ReDoS check. */
function loads(proposal: ReturnType<typeof proposeConfig>) {
  const fs = createFsFromVolume(Volume.fromJSON({ '.postmortemrc.yml': configText({ date: '2026-12-02', proposal }) }, '/kb')) as unknown as WorkspaceFs;
  return loadConfig('/kb', undefined, { fs });
}

const dfdsLike = (title: string, items: string[]) => `# ${title}

## Summary

Traffic stopped reaching the cluster.

## Timeline

All times in UTC.

| Time             | Event                 |
| :--------------- | --------------------- |
| 2021-06-22 08:21 | CNI replaced          |
| 2021-06-22 08:46 | Target groups back    |

## Contributing Factors

- De-registration delay lowered.

## Action Items

${items.map((item) => `- ${item}`).join('\n')}

## Lessons Learned

- Monitor pipeline runs.

## Stats

- Category: Kubernetes
`;

describe('proposeConfig', () => {
  it('finds the dfds template: no frontmatter, ids in file names, Stats; templates left out and ignored', () => {
    const proposal = proposeConfig(
      documents({
        'PM2021-005 - All services returning 503.md': dfdsLike('All services returning 503', ['Revert the delay to 300 seconds', 'Create an ingress test suite']),
        'PM2021-006 - Logs not shipped.md': dfdsLike('Logs not shipped', ['Alert on shipping lag']),
        'PM2022-001 - Prometheus down.md': dfdsLike('Prometheus down', ['Add a readiness probe']),
        'PMyyyy-nnn - Postmortem template.md': dfdsLike('Incident Title', []),
      }),
      { files: ['*.md'] },
    );
    expect(proposal.preset).toBe('dfds');
    expect(proposal.fit[0]).toMatchObject({ preset: 'dfds' });
    expect(proposal.fit[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(proposal.config).toEqual({ extends: 'dfds', files: ['*.md'], ignores: ['**/README.md', '**/PMyyyy-nnn - Postmortem template.md', '**/TEMPLATE.md'] });
    expect(proposal.shape).toMatchObject({
      documents: 3,
      templates: ['PMyyyy-nnn - Postmortem template.md'],
      frontmatter: { present: 0 },
      actionItems: { tables: 0, lists: 3, none: 0 },
      timelines: { tables: 3, lists: 0, none: 0 },
      ids: { frontmatter: 0, fileName: 3 },
    });
    expect(proposal.shape.sections.find((use) => use.key === 'metrics')).toEqual({ key: 'metrics', documents: 3, headings: [{ text: 'Stats', documents: 3 }] });
    expect(loads(proposal).format.fileNamePattern).toBe('^(?<id>PM\\d{4}-\\d{3}) - (?<title>.+)\\.md$');
  });

  it('adapts the method to a knowledge base of its own: section names, ids from the file name, rules its template never had', () => {
    const doc = (remediation: string, why: string) => `# Flags down

**Date:** 2025-09-29

## Summary

Flags returned errors for 40 minutes.

## Timeline

- 14:02 UTC: error rate rises
- 14:05 UTC: alert fired, on-call paged
- 14:30 UTC: rolled back
- 14:42 UTC: error rate back to normal

## ${why}

The pool was exhausted by a retry storm.

## ${remediation}

- Add a circuit breaker to the flag client
- Alert on pool saturation

## Insights

- Retries multiply load.
`;
    const proposal = proposeConfig(
      documents({
        '2025-09-29-flags-is-down.md': doc('Remediation', 'Why did it happen?'),
        '2025-10-03-surveys-bug.md': doc('Remediation', 'Root Cause'),
        '2025-11-15-persons-migration.md': doc('How are we preventing it from happening again?', 'Why did it happen?'),
      }),
      { files: ['*.md'] },
    );
    expect(proposal.preset).toBe('recommended');
    expect(proposal.config).toEqual({
      extends: 'recommended',
      files: ['*.md'],
      frontmatter: 'optional',
      fileNamePattern: '^(?<id>\\d{4}-?\\d{2}-?\\d{2}[-_ ].+)\\.md$',
      defaults: { severity: 'SEV3' },
      sections: {
        'root-cause-analysis': ['Why did it happen'],
        'action-items': ['Remediation', 'How are we preventing it from happening again'],
        'lessons-learned': ['Insights'],
      },
      rules: { 'action-item-id': 'off', 'action-item-type': 'off', 'action-item-priority': 'off', 'five-whys': 'off' },
    });
    expect(proposal.reasons.sections).toBe('Your headings for the method\'s sections ("Why did it happen" in 2 postmortems, "Remediation" in 2 postmortems, "How are we preventing it from happening again" in 1 postmortem, "Insights" in 3 postmortems).');
    expect(proposal.reasons['rules.five-whys']).toBe('0 of 3 hold a 5-Whys chain.');
    expect(proposal.shape.timelines).toEqual({ tables: 0, lists: 3, none: 0 });
    const config = loads(proposal);
    expect(config.format.sections['action-items'].slice(0, 3)).toEqual(['Remediation', 'How are we preventing it from happening again', 'Action Items']);
  });

  it('derives an id pattern from file names that open with one, and reads table headers as item fields', () => {
    const doc = `# Database down

## Root Cause Analysis

1. **Why did the API fail?** → Because the database was down
2. **Why was it down?** → Because the disk filled up

## Action Items

| ID | Type | Task | Who | By when | Priority |
|----|------|------|-----|---------|----------|
| AI-001 | prevent | Alert on disk usage | @dba | 2024-02-01 | P1 |

## Lessons Learned

- Disks fill up.
`;
    const proposal = proposeConfig(documents({ 'OUT-041 Database down.md': doc, 'OUT-042 Cache down.md': doc, 'OUT-107 Queue stuck.md': doc }), { files: ['incidents/*.md'] });
    expect(proposal.config).toMatchObject({
      fileNamePattern: '^(?<id>OUT-\\d{3}) (?<title>.+)\\.md$',
      idPattern: '^OUT-\\d{3}$',
      idExample: 'OUT-041',
      columns: { actionItems: { owner: ['Who'], due: ['By when'] } },
    });
    expect(proposal.config.rules).toBeUndefined();
    const config = loads(proposal);
    expect(config.format.columns.actionItems.owner).toContain('Who');
    expect(config.format.idPattern).toBe('^OUT-\\d{3}$');
  });

  it('keeps the method for documents that follow it, and lets another tool’s frontmatter keys through', () => {
    const incident = fixture('kb/2024-03-07-team-members-n-plus-one-queries.md');
    expect(proposeConfig(documents({ 'postmortems/a.md': incident }), { files: ['postmortems/*.md'] })).toMatchObject({
      preset: 'recommended',
      config: { extends: 'recommended', files: ['postmortems/*.md'] },
    });
    const mkdocs = incident.replace('---\n', '---\nhide: [toc]\n');
    const proposal = proposeConfig(documents({ 'postmortems/a.md': mkdocs, 'postmortems/b.md': mkdocs }), { files: ['postmortems/*.md'] });
    expect(proposal.config.frontmatter).toEqual({ required: true, extraKeys: 'allow' });
    expect(proposal.shape.frontmatter.foreignKeys).toEqual(['hide']);
  });

  it('proposes nothing but the files for no documents', () => {
    expect(proposeConfig([], { files: ['*.md'] })).toMatchObject({ preset: 'recommended', config: { extends: 'recommended', files: ['*.md'] } });
  });
});

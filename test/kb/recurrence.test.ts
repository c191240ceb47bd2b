import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { copyOfKnowledgeBase, lineOf, REPO } from '../helpers.js';

const NEWEST = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';

async function lintWith(change: (text: string) => string) {
  const root = copyOfKnowledgeBase('pm-recurrence-');
  const text = change(readFileSync(join(root, NEWEST), 'utf8'));
  writeFileSync(join(root, NEWEST), text);
  let stdout = '';
  await main({ argv: ['lint', '--format', 'json', NEWEST], cwd: root, stdout: (t) => void (stdout += t), stderr: () => undefined, color: false });
  const [report] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; message: string; severity: number }[] }[];
  return { text, findings: report!.messages.filter((message) => message.ruleId === 'recurrence') };
}

const withoutSection = (heading: string) => (text: string) => {
  const start = text.indexOf(`## ${heading}`);
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(0, start) + (end === -1 ? '' : text.slice(end + 1));
};
const withoutRelated = (text: string) => text.replace(/^related: .*\n/m, '');
const withoutNaming = (text: string) => withoutRelated(withoutSection('Related Incidents')(withoutSection('Pattern Recognition')(text)));
const naming = (findings: { message: string }[]) => findings.filter((finding) => !/Root Cause \(Organizational\)/.test(finding.message));

describe('recurrence', () => {
  it('is quiet when the pattern is named, as in the knowledge base', async () => {
    expect((await lintWith((text) => text)).findings).toEqual([]);
  });

  it('warns when the third N+1 incident names none of the earlier ones, in no section and not in related:', async () => {
    const { text, findings } = await lintWith(withoutNaming);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 1,
        line: lineOf(text, '# Postmortem:'),
        message: expect.stringMatching(/^This is the 3rd occurrence of n-plus-one in 180 days .*INC-20231015-0008, INC-20231201-0019/),
      }),
    ]);
  });

  it('names the earlier incidents the postmortem leaves out, at its Pattern Recognition heading', async () => {
    const { text, findings } = await lintWith((t) => withoutRelated(withoutSection('Related Incidents')(t)).replace('1. INC-20231015-0008: User listing endpoint\n', ''));
    expect(findings).toEqual([
      expect.objectContaining({ line: lineOf(text, '## Pattern Recognition'), message: expect.stringMatching(/does not name INC-20231015-0008, earlier incidents of the 3rd occurrence .*: add them to "Pattern Recognition"$/) }),
    ]);
  });

  it('is satisfied by the earlier incidents named in related: alone, or anywhere in the text', async () => {
    // No Pattern Recognition nor Related Incidents section: the frontmatter's `related:` names both.
    expect(naming((await lintWith((t) => withoutSection('Related Incidents')(withoutSection('Pattern Recognition')(t)))).findings)).toEqual([]);
    // No section and no `related:`, but the root cause names both incidents in its prose.
    const inProse = (t: string) =>
      withoutNaming(t).replace('resulting in hundreds of queries per page load.', 'resulting in hundreds of queries per page load, as in INC-20231015-0008 and INC-20231201-0019.');
    expect(naming((await lintWith(inProse)).findings)).toEqual([]);
    // One named in prose, the other nowhere: that one is asked for, at the title since there is no section.
    const { text, findings } = await lintWith((t) => withoutNaming(t).replace('page load.\n', 'page load, as in INC-20231201-0019.\n'));
    expect(naming(findings)).toEqual([expect.objectContaining({ line: lineOf(text, '# Postmortem:'), message: expect.stringMatching(/does not name INC-20231015-0008, .*: add them to a "Pattern Recognition" section or `related:`$/) })]);
  });
});

describe('recurrence: an organisational root cause for a recurring pattern', () => {
  it('asks the third N+1 incident for its organisational root cause, at Root Cause Analysis', async () => {
    const { text, findings } = await lintWith(withoutSection('Root Cause (Organizational)'));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 1, line: text.split('\n').indexOf('## Root Cause') + 1, message: expect.stringMatching(/^This is the 3rd occurrence of n-plus-one .*: the earlier fixes did not hold, so add a "Root Cause \(Organizational\)" section/) }),
    ]);
  });

  it('accepts a heading in other words, an Organizational row among the root causes, or a labelled paragraph', async () => {
    const without = withoutSection('Root Cause (Organizational)');
    const forms = [
      (t: string) => without(t).replace('### 5 Whys Analysis', '### Organisational root cause\n\nNo query review in code review.\n\n### 5 Whys Analysis'),
      (t: string) =>
        without(t).replace(
          '### 5 Whys Analysis',
          '| Root cause | Kind | Confidence |\n|---|---|---|\n| N+1 query in the workflow listing | Technical | 95% |\n| No query review in code review | **Organizational** | 80% |\n\n### 5 Whys Analysis',
        ),
      (t: string) => without(t).replace('### 5 Whys Analysis', '**Organizational root cause**: code review has no query performance item.\n\n### 5 Whys Analysis'),
    ];
    for (const form of forms) expect((await lintWith(form)).findings).toEqual([]);
    // An Organizational cell outside Root Cause Analysis (a contributing factor, say) is not a root cause.
    const elsewhere = (t: string) => without(t).replace('## Lessons Learned', '## Contributing Factors\n\n| Factor | Category |\n|---|---|\n| No query review | Organizational |\n\n## Lessons Learned');
    expect((await lintWith(elsewhere)).findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/Root Cause \(Organizational\)/)]);
  });

  it('can be turned off', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-recurrence-'));
    cpSync(join(REPO, 'postmortems'), join(root, 'postmortems'), { recursive: true });
    writeFileSync(join(root, '.postmortemrc.yml'), 'patterns:\n  ignoreTags: [database]\nrules:\n  recurrence: [warn, { organizationalRootCause: false }]\n');
    writeFileSync(join(root, NEWEST), withoutSection('Root Cause (Organizational)')(readFileSync(join(root, NEWEST), 'utf8')));
    let stdout = '';
    await main({ argv: ['lint', '--format', 'json', NEWEST], cwd: root, stdout: (t) => void (stdout += t), stderr: () => undefined, color: false });
    expect(JSON.parse(stdout)[0].messages.filter((message: { ruleId: string }) => message.ruleId === 'recurrence')).toEqual([]);
  });
});

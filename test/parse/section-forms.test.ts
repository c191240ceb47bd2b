import { describe, expect, it } from 'vitest';
import { configWith, fixture, lineOf, lint, messagesOf, parse } from '../helpers.js';

const keysOf = (text: string, config = configWith()) =>
  parse(text, config).postmortem!.sections.map((section) => `${section.title} → ${section.key ?? '-'}`);

describe('headings as people write them', () => {
  it('a section is named by the leading words of a heading, whatever follows', () => {
    const text = fixture('forms/sections/loose-headings.md');
    expect(keysOf(text)).toEqual([
      'Summary of what happened → summary',
      'Timeline (all times PST) 10/22/2022 - 10/24/2022 → timeline',
      'Root Cause and Trigger → root-cause-analysis',
      'What went right → what-went-well',
      'Corrective and Preventative Measures → action-items',
      'Key Learnings → lessons-learned',
    ]);
    expect(messagesOf(lint(text), 'required-sections')).toEqual([]);
    // The table under "Corrective and Preventative Measures" is read as the action items.
    expect(parse(text).postmortem!.actionItems?.items).toHaveLength(1);
  });

  it('leading words only: a word that merely starts the same way names nothing', () => {
    const text = '# T\n\n## Impacted teams\n\nx\n\n## Timelines elsewhere\n\ny\n\n## Summary\n\nz\n';
    expect(keysOf(text)).toEqual(['Impacted teams → -', 'Timelines elsewhere → -', 'Summary → summary']);
  });

  it("a team's names for a section add to the built-in ones", () => {
    const config = configWith({ sections: { 'action-items': ['Remediation'] } });
    const text = '# T\n\n## Remediation (all done)\n\n- a\n\n## Action Items\n\n- b\n';
    expect(keysOf(text, config)).toEqual(['Remediation (all done) → action-items', 'Action Items → action-items']);
    expect(config.format.sections['action-items'][0]).toBe('Remediation');
  });

  it('a bold label that names a section stands in for its heading, as in the SRE book', () => {
    const text = fixture('forms/sections/sre-labels.md');
    const doc = parse(text).postmortem!;
    expect(doc.sections.map((section) => `${section.depth}:${section.title} → ${section.key ?? '-'}`)).toEqual([
      '2:Summary → summary',
      '2:Impact → impact',
      '2:Root Causes → root-cause-analysis',
      '2:Lessons Learned → lessons-learned',
      '3:What went well → what-went-well',
      '3:What went wrong → what-went-poorly',
      '3:Where we got lucky → where-we-got-lucky',
      '2:Action Items → action-items',
    ]);
    const rootCause = doc.sections.find((section) => section.key === 'root-cause-analysis')!;
    // The label's section runs to the next label of its level: "Trigger" names no section, so it is part of it.
    expect(rootCause.heading.line).toBe(lineOf(text, '**Root Causes**'));
    expect(rootCause.endLine).toBe(lineOf(text, '## Lessons Learned') - 1);
    // A run-in label with its text on the same line is not an empty section.
    expect(doc.sections.find((section) => section.key === 'summary')!.empty).toBe(false);
    expect(messagesOf(lint(text), 'required-sections')).toEqual([]);
  });

  it('bold text that is not a label of a section stays text', () => {
    const text = [
      '# T',
      '',
      '**Duration:** 5 hours',
      '',
      '**Summary** of the day: nothing worked.',
      '',
      '## Incident Timeline',
      '',
      '### October 21',
      '',
      '**Impact:** a third of requests failed',
      '',
      '**Root causes:**',
      '',
      '- a cache stampede',
    ].join('\n');
    expect(keysOf(text)).toEqual(['Incident Timeline → timeline']);
  });

  it('a missing section names the heading that may be it and the config key that would alias it', () => {
    const text = fixture('forms/sections/unnamed-headings.md');
    const findings = lint(text).filter((finding) => finding.ruleId === 'required-sections');
    expect(findings.map((finding) => finding.messageId)).toEqual(['missingDidYouMean']);
    expect(findings[0]!.message).toBe(
      'Missing section "Lessons Learned" (required for SEV3): did you mean "## Learning from this"? If so, add "Learning from this" under `sections.lessons-learned` in the config',
    );
    const aliased = configWith({ sections: { 'lessons-learned': ['Learning from this'] } });
    expect(messagesOf(lint(text, aliased), 'required-sections')).toEqual([]);
  });

  it('without a likely heading, a missing section lists the headings that name none', () => {
    const text = fixture('forms/sections/unnamed-headings.md').replace('## Learning from this', '## Afterthoughts');
    const [finding] = lint(text).filter((candidate) => candidate.ruleId === 'required-sections');
    expect(finding!.messageId).toBe('missingFound');
    expect(finding!.message).toContain('Headings that name no section of the method: "## Afterthoughts";');
    expect(finding!.message).toContain('`sections.lessons-learned`');
  });
});

describe('compound headings', () => {
  it('"Impact & Metrics" is the Impact and the Metrics; a name that merely contains "and" is one section', () => {
    const text = '# T\n\n## Impact & Metrics\n\n| Metric | Value |\n|---|---|\n| Time to detect | 6 min |\n\n## Root Cause and Trigger\n\nx\n\n## Corrective and Preventative Measures\n\n- Add an alert @a due 2024-01-01\n';
    const doc = parse(text).postmortem!;
    expect(doc.sections.map((section) => [section.key, section.also ?? []])).toEqual([
      ['impact', ['metrics']],
      ['root-cause-analysis', []],
      ['action-items', []],
    ]);
    // The table under it is read as the Metrics, and Metrics is present for the severities that require it.
    expect(doc.metrics.map((row) => row.name.text)).toEqual(['Time to detect']);
    const sev1 = configWith({ rules: { 'required-sections': ['error', { bySeverity: { default: ['impact', 'metrics'] } }] } });
    expect(messagesOf(lint(text, sev1), 'required-sections')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { incidentDurations } from '../../src/model/milestones.js';
import { isOpenStatus } from '../../src/kb/action-items.js';
import { fixture, lineOf, lint, parse, presetConfig } from '../helpers.js';

/**
 * Each preset on a postmortem written the way its template's own example is written (our text, their structure):
 * it reads the document, and reports only what is really wrong.
 */
const findings = (name: string) => {
  const text = fixture(`presets/examples/${name}.md`);
  return lint(text, presetConfig(name), `${name}.md`).map((finding) => `${finding.ruleId}/${finding.messageId}@${finding.line}`);
};

describe('presets on their templates’ own kind of example', () => {
  it('google-sre: bold labels, a list timeline, user-name owners and TODO/DONE items lint clean', () => {
    const text = fixture('presets/examples/google-sre.md');
    const config = presetConfig('google-sre');
    const doc = parse(text, config, 'google-sre.md').postmortem!;
    expect(doc.sections.map((section) => section.key).filter(Boolean)).toEqual([
      'summary',
      'impact',
      'root-cause-analysis',
      'action-items',
      'lessons-learned',
      'what-went-well',
      'what-went-poorly',
      'where-we-got-lucky',
      'timeline',
    ]);
    expect(doc.meta.date).toBe('2024-03-09');
    // The bold date line opens the day, then ten events.
    expect(doc.timeline).toHaveLength(11);
    expect(incidentDurations(doc)).toEqual({ detect: 1, acknowledge: 8, mitigate: 32, resolve: 52 });
    const items = doc.actionItems!.items;
    expect(items.map((item) => (isOpenStatus(item.fields.status?.text) && !item.done ? 'open' : 'done'))).toEqual(['done', 'open', 'open', 'done', 'open', 'open']);
    expect(items.map((item) => item.fields.owner?.text)).toEqual(['priya', 'tomasz', 'hwang', 'tomasz', 'priya', 'hwang']);
    expect(findings('google-sre')).toEqual([]);
  });

  it('atlassian: "HH:MM - event" lines, "X because Y" whys and a plain list of corrective actions lint clean', () => {
    const text = fixture('presets/examples/atlassian.md');
    const doc = parse(text, presetConfig('atlassian'), 'atlassian.md').postmortem!;
    expect(doc.timeline).toHaveLength(7);
    expect(doc.whys).toHaveLength(5);
    expect(doc.whys[1]!.answer).toMatch(/^because the chunks were larger/);
    expect(doc.actionItems!.items.map((item) => [item.fields.owner?.text, item.fields.due?.text])).toEqual([
      ['@marta', '2024-04-24'],
      ['@platform-team', '2024-05-01'],
      ['@marta', '2024-05-10'],
    ]);
    expect(findings('atlassian')).toEqual([]);
  });

  it('pagerduty: the unfilled template is reported for its slots, its mkdocs keys pass', () => {
    const text = fixture('presets/examples/pagerduty.md');
    const at = (needle: string) => lineOf(text, needle);
    expect(findings('pagerduty')).toEqual([
      `contributing-factors/none@${at('## Contributing Factors')}`,
      `placeholder/slot@${at('customers affected: ??')}`,
      `placeholder/slot@${at('??%')}`,
      `placeholder/slot@${at('?mins')}`,
      `placeholder/phrase@${at('Your name goes here')}`,
      `timeline/placeholder@${at('| HH:MM')}`,
      `placeholder/time@${at('| HH:MM')}`,
      `action-item-wording/tooShort@${at('| P? |')}`,
      `action-item-owner/notHandle@${at('| P? |')}`,
      `placeholder/slot@${at('| P? |')}`,
      `placeholder/time@${at('| P? |')}`,
    ]);
  });
});

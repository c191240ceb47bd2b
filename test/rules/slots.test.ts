import { describe, expect, it } from 'vitest';
import { lint, lineOf } from '../helpers.js';

const doc = (body: string) => `---\nid: INC-20240301-0001\ntitle: T\ndate: 2024-03-01\nseverity: SEV4\nstatus: draft\nauthors: ["@a"]\ntags: [x]\n---\n\n# T\n\n${body}\n`;
const slots = (text: string) => lint(text).filter((finding) => finding.ruleId === 'placeholder' && finding.messageId === 'slot');

describe('question-mark slots of a template', () => {
  it('are placeholders where a number, a share, a duration or a priority belongs', () => {
    const text = doc('## Impact\n\n- Customers affected: ??\n- Failed requests: ??%\n- Duration: ?mins\n- Time to page: ?? h\n\n## Action Items\n\n| Description | Priority |\n|---|---|\n| Add an alert | P? |');
    expect(slots(text).map((finding) => [finding.line, finding.message])).toEqual([
      [lineOf(text, 'affected: ??'), '"??" is a template slot for a value: write the real number, or say why it is unknown'],
      [lineOf(text, '??%'), '"??%" is a template slot for a value: write the real number, or say why it is unknown'],
      [lineOf(text, '?mins'), '"?mins" is a template slot for a value: write the real number, or say why it is unknown'],
      [lineOf(text, '?? h'), '"?? h" is a template slot for a value: write the real number, or say why it is unknown'],
      [lineOf(text, '| P? |'), '"P?" is a template slot for a value: write the real number, or say why it is unknown'],
    ]);
    // The owner, priority and due rules leave a slot to the placeholder rule instead of reporting it twice.
    expect(lint(text).filter((finding) => finding.ruleId === 'action-item-priority')).toEqual([]);
  });

  it('are not questions, doubts or the unknown minutes of a timeline row (the timeline rule reports those)', () => {
    const text = doc('## Summary\n\nWhy did it fail?? Nobody knew (?) at first. Is it fixed? s3 says yes.\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2024-03-01 14:?? | Alert fires |\n| 2024-03-?? ??:?? | Fix deployed |');
    expect(slots(text)).toEqual([]);
  });
});

describe('TODO as the status of an action item', () => {
  it('is the item being open, not unfinished text; TODO elsewhere still is', () => {
    const text = doc(
      '## Action Items\n\n| Action Item | Owner | Due | Status |\n|---|---|---|---|\n| Add an alert on queue depth | @a | 2024-04-01 | TODO |\n| Shed load in the frontends | @b | 2024-04-15 | **TODO** |\n\n## Lessons Learned\n\nTODO: write the lessons.',
    );
    const words = lint(text).filter((finding) => finding.ruleId === 'placeholder' && finding.messageId === 'word');
    expect(words.map((finding) => finding.line)).toEqual([lineOf(text, 'TODO: write')]);
  });
});

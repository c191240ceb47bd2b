import { describe, expect, it } from 'vitest';
import { configWith, fixture, lineOf, lint, messagesOf } from '../helpers.js';

/** Issue 17, part 3: gates that an author cannot pass with an empty section, a circular chain or a contradiction. */

/** The document with the body of one section (up to the next H2) replaced. */
function withSection(text: string, heading: string, body: string): string {
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) throw new Error(`no ${heading}`);
  const from = start + heading.length + 1;
  const next = text.indexOf('\n## ', from);
  return `${text.slice(0, from)}\n${body}\n${next === -1 ? '' : text.slice(next)}`;
}

describe('required-sections: an Action Items section with no item', () => {
  const text = fixture('rules/required-sections/no-action-items.md');
  const at = `noActionItems@${lineOf(text, '## Action Items')}`;

  it('is an error when it says "None.", "N/A", "-", nothing at all, or holds only an empty table or list', () => {
    expect(messagesOf(lint(text), 'required-sections')).toEqual([at]);
    expect(lint(text).find((finding) => finding.ruleId === 'required-sections')!.severity).toBe('error');
    const emptyTable = '| ID | Type | Description | Owner | Priority | Due |\n|----|------|-------------|-------|----------|-----|';
    for (const body of ['N/A', '-', '', 'None at this time.', '- None', '* n/a', emptyTable, `${emptyTable}\n|  |  |  |  |  |  |`, `None identified.\n\n${emptyTable}`]) {
      expect([body, messagesOf(lint(withSection(text, '## Action Items', body)), 'required-sections')]).toEqual([body, [at]]);
    }
  });

  it('passes a sentence that starts "No action items:" and says why', () => {
    const why = 'No action items: the warm-up job was deleted during the incident, and nothing else fills the cache from a replica.';
    expect(lint(withSection(text, '## Action Items', why))).toEqual([]);
    // The reason is what makes it pass: the words alone are still an empty section.
    expect(messagesOf(lint(withSection(text, '## Action Items', 'No action items.')), 'required-sections')).toEqual([at]);
    expect(messagesOf(lint(withSection(text, '## Action Items', 'No action items were identified.')), 'required-sections')).toEqual([at]);
  });

  it('passes real items, in a table or a list, and prose that describes actions is left alone', () => {
    const table = '| ID | Type | Description | Owner | Priority | Due |\n|----|------|-------------|-------|----------|-----|\n| AI-001 | prevent | Make the warm-up job wait until replica lag is under 10 seconds | @catalog-oncall | P2 | 2024-03-26 |';
    expect(lint(withSection(text, '## Action Items', table))).toEqual([]);
    const list = '- AI-001: Make the warm-up job wait until replica lag is under 10 seconds (@catalog-oncall, P2, due 2024-03-26)';
    expect(messagesOf(lint(withSection(text, '## Action Items', list)), 'required-sections')).toEqual([]);
    const prose = 'The warm-up job will wait until replica lag is under 10 seconds; @catalog-oncall tracks it in CAT-812.';
    expect(messagesOf(lint(withSection(text, '## Action Items', prose)), 'required-sections')).toEqual([]);
  });

  it('applies only to severities that require Action Items, and a draft gets a warning', () => {
    const relaxed = configWith({ rules: { 'required-sections': ['error', { bySeverity: { SEV3: ['root-cause-analysis'] } }] } });
    expect(messagesOf(lint(text, relaxed), 'required-sections')).toEqual([]);
    const draft = lint(text.replace('status: published', 'status: draft')).filter((finding) => finding.ruleId === 'required-sections');
    expect(draft.map((finding) => `${finding.messageId}:${finding.severity}`)).toEqual(['noActionItems:warning']);
  });
});

describe('root-cause-confidence: data gaps that cannot be passed empty', () => {
  const text = fixture('rules/root-cause-confidence/data-gaps-none.md');
  const heading = '## Data Gaps and Limitations';

  it('reports a Data Gaps section that says "None.", "N/A" or "Nothing" under a low confidence', () => {
    expect(messagesOf(lint(text), 'root-cause-confidence')).toEqual([`dataGapsNone@${lineOf(text, heading)}`]);
    expect(lint(text)[0]!.message).toBe('"Data Gaps and Limitations" says "None.", but confidence in the root cause is 55 (below 70): list the evidence that is missing');
    for (const body of ['N/A', '- None', 'Nothing.', 'None identified.', '_n/a_']) {
      expect([body, messagesOf(lint(withSection(text, heading, body)), 'root-cause-confidence')]).toEqual([body, [`dataGapsNone@${lineOf(text, heading)}`]]);
    }
    // Without letters at all it is still the empty section it always was.
    for (const body of ['-', '', '<!-- What evidence is missing? -->']) {
      expect(messagesOf(lint(withSection(text, heading, body)), 'root-cause-confidence')).toEqual([`emptyDataGaps@${lineOf(text, heading)}`]);
    }
    // At or above the threshold there is nothing to list.
    expect(messagesOf(lint(text.replace('confidence: 55', 'confidence: 85')), 'root-cause-confidence')).toEqual([]);
  });

  it('accepts the common variants of the heading, and not unrelated headings', () => {
    const listed = withSection(text, heading, '- Database I/O metrics are sampled every five minutes, too coarse to show a one-minute stall.');
    for (const variant of ['## Data gaps and limitations', '## Data Gaps & Limitations', '## Gaps in the data', '## 6. Known Data Gaps', '## Limitations and data gaps', '### Data gaps (as of 2024-03-09)']) {
      expect([variant, messagesOf(lint(listed.replace(heading, variant)), 'root-cause-confidence')]).toEqual([variant, []]);
    }
    for (const unrelated of ['## Data Retention', '## Known Gaps in the Runbook', '## Data Gaps Remediation Plan']) {
      expect([unrelated, messagesOf(lint(listed.replace(heading, unrelated)), 'root-cause-confidence')]).toEqual([unrelated, [`noDataGaps@${lineOf(text, 'confidence: 55')}`]]);
    }
  });

  it('reads a confidence stated in the body when the frontmatter has none', () => {
    const body = fixture('rules/root-cause-confidence/body-confidence.md');
    expect(messagesOf(lint(body), 'root-cause-confidence')).toEqual([`noDataGaps@${lineOf(body, '**Confidence**: 55%')}`]);
    expect(lint(body)[0]!.message).toMatch(/^Confidence in the root cause is 55 \(below 70\)/);
    for (const stated of ['Confidence: 55 %', '- **Confidence:** 55/100', 'Root cause confidence: 55%', '**Confidence** - 55%', 'Confidence: 55-65% (medium)']) {
      const variant = body.replace('**Confidence**: 55%', stated);
      expect([stated, messagesOf(lint(variant), 'root-cause-confidence')]).toEqual([stated, [`noDataGaps@${lineOf(variant, stated)}`]]);
    }
    // High confidence, a number that is not a confidence, and a fenced example are not read as low confidence.
    for (const stated of ['**Confidence**: 90%', 'Confidence intervals in the latency dashboard are 95% wide.', 'Confidence: 3 of 5 reviewers agreed', '```\nConfidence: 10%\n```']) {
      expect([stated, messagesOf(lint(body.replace('**Confidence**: 55%', stated)), 'root-cause-confidence')]).toEqual([stated, []]);
    }
    // The frontmatter wins over the body.
    const both = body.replace('tags: [search, indexing]', 'tags: [search, indexing]\nconfidence: 90');
    expect(messagesOf(lint(both), 'root-cause-confidence')).toEqual([]);
  });

  it('does not read the per-cause confidences of several root causes as the document\'s', () => {
    const fail = fixture('rules/root-cause-confidence/fail.md').replace('confidence: 55\n', '');
    expect(messagesOf(lint(fail), 'root-cause-confidence')).not.toContain(expect.stringMatching(/^noDataGaps/));
  });
});

describe('five-whys: a chain that does not go deeper', () => {
  it('reports an answer that repeats its question, and an answer that repeats an earlier one', () => {
    const text = fixture('rules/five-whys/circular.md');
    expect(messagesOf(lint(text), 'five-whys')).toEqual([
      `circular@${lineOf(text, '1. **Why did the orders API fail?**')}`,
      `repeated@${lineOf(text, '4. **Why was the inventory service slow?**')}`,
    ]);
    const messages = lint(text).map((finding) => finding.message);
    expect(messages[0]).toContain('Step 1 of the 5-Whys chain answers its own question');
    expect(messages[1]).toContain('Step 4 of the 5-Whys chain gives the same answer as step 3');
  });

  it('ignores case, punctuation, "because" and small words, and catches inflections', () => {
    const text = fixture('rules/five-whys/circular.md');
    const variant = text.replace('→ Because the orders API failed', '→ The Orders-API failed.');
    expect(messagesOf(lint(variant), 'five-whys')[0]).toMatch(/^circular@/);
    const line = (answer: string) => text.replace('→ Because the orders API failed', `→ ${answer}`);
    expect(messagesOf(lint(line('Because it failed, the orders API')), 'five-whys')[0]).toMatch(/^circular@/);
  });

  it('passes real chains whose answers reuse nouns of their questions', () => {
    expect(lint(fixture('rules/five-whys/reused-nouns.md'))).toEqual([]);
    const text = fixture('rules/five-whys/circular.md');
    // Picking one cause out of a long question is an answer, not a restatement.
    const picked = text.replace('→ Because the orders API failed', '→ Because of the flash sale').replace('Why did the orders API fail?', 'Why did the orders API fail twelve minutes into the flash sale?');
    expect(messagesOf(lint(picked), 'five-whys')).toEqual([`repeated@${lineOf(text, '4. **Why')}`]);
    // The template's unfilled chain repeats "<answer>" and is the placeholder rule's to report.
    const template = ['1. **Why did <the symptom> happen?** → Because <answer>', '2. **Why did <answer 1> happen?** → Because <answer>', '3. **Why did <answer 2> happen?** → Because <answer>'];
    const unfilled = text.replace(/1\. \*\*Why did the orders[^\n]*\n2\.[^\n]*\n3\.[^\n]*/, template.join('\n'));
    expect(unfilled).toContain('3. **Why did <answer 2> happen?**');
    expect(messagesOf(lint(unfilled), 'five-whys')).toEqual([]);
  });
});

describe('action-item-wording: exhortations are not actions', () => {
  const text = fixture('rules/action-item-wording/exhortations.md');

  it('warns on "be more careful", "pay more attention", "remember to", "try to" and their close variants', () => {
    const findings = lint(text).filter((finding) => finding.ruleId === 'action-item-wording');
    expect(messagesOf(findings, 'action-item-wording')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `exhortation@${lineOf(text, `| AI-00${n}`)}`));
    expect(findings.every((finding) => finding.severity === 'warning')).toBe(true);
    expect(findings[0]!.message).toBe('AI-001 asks people to "Be more careful", which is not an action: change the system so it does not depend on care, e.g. "Require a confirmation before …"');
  });

  it('leaves alone a real change that mentions remembering as what it removes', () => {
    expect(messagesOf(lint(text), 'action-item-wording')).not.toContain(`exhortation@${lineOf(text, '| AI-009')}`);
    expect(lint(text).filter((finding) => finding.line >= lineOf(text, '| AI-008'))).toEqual([]);
  });
});

describe('blameless-language: people, not systems; engineering words, not judgements', () => {
  const text = fixture('rules/blameless-language/people-and-systems.md');
  const findings = () => lint(text).filter((finding) => finding.ruleId === 'blameless-language');

  it('flags a named person or a handle who forgot, neglected, failed to or did not bother', () => {
    expect(findings().map((finding) => `${finding.data.phrase}@${finding.line}`)).toEqual(
      ['Alice forgot', '@bob failed to', 'Carol neglected', "Dave didn't bother"].map((phrase) => `${phrase}@${lineOf(text, 'Alice forgot')}`),
    );
  });

  it('leaves "lazy loading", "lazy-loads", "lazily" and systems that failed to do something alone', () => {
    expect(lint(text).filter((finding) => finding.ruleId !== 'blameless-language')).toEqual([]);
    for (const line of ['Lazy loading of the order lines', 'lazy loaded one at a time', 'The job failed to start', 'Redis failed to reconnect', 'Fluentd failed to read', 'Kafka failed to rebalance']) {
      expect(findings().filter((finding) => finding.line === lineOf(text, line) && finding.line !== lineOf(text, 'Alice forgot'))).toEqual([]);
    }
    // Customers forgetting is a fact about the product.
    const users = text.replace('Relations that are lazily loaded look free in code review.', 'Users forgot their passwords after the reset.');
    expect(lint(users).filter((finding) => finding.ruleId === 'blameless-language' && finding.line !== lineOf(text, 'Alice forgot'))).toEqual([]);
    // "Lazy" about a person is still a judgement.
    const lazy = text.replace('Relations that are lazily loaded look free in code review.', 'The reviewer was lazy.');
    expect(lint(lazy).filter((finding) => finding.ruleId === 'blameless-language').map((finding) => finding.data.phrase)).toContain('lazy');
  });
});

describe('frontmatter: timestamps that contradict each other', () => {
  const text = fixture('rules/frontmatter/timestamps-out-of-order.md');

  it('is an error at the key that comes too early: detection or mitigation before impact start, resolution before mitigation', () => {
    const findings = lint(text).filter((finding) => finding.ruleId === 'frontmatter');
    expect(messagesOf(findings, 'frontmatter')).toEqual([`timestampOrder@${lineOf(text, 'detected_at:')}`, `timestampOrder@${lineOf(text, 'resolved_at:')}`]);
    expect(findings.every((finding) => finding.severity === 'error')).toBe(true);
    expect(findings[0]!.message).toBe('Frontmatter "detected_at" (2024-03-22T09:02:00Z) is before "started_at" (2024-03-22T09:14:00Z): detection cannot come before impact start');
    expect(findings[1]!.message).toContain('"resolved_at" (2024-03-22T09:50:00Z) is before "mitigated_at" (2024-03-22T10:05:00Z)');
  });

  it('reports resolution before impact start, and compares instants across time zones', () => {
    const early = text.replace('resolved_at: 2024-03-22T09:50:00Z', 'resolved_at: 2024-03-22T08:30:00Z').replace('detected_at: 2024-03-22T09:02:00Z', 'detected_at: 2024-03-22T10:20:00+01:00');
    expect(messagesOf(lint(early), 'frontmatter')).toEqual([`timestampOrder@${lineOf(text, 'resolved_at:')}`]);
    expect(lint(early).find((finding) => finding.ruleId === 'frontmatter')!.message).toContain('is before "started_at"');
    const ordered = text.replace('detected_at: 2024-03-22T09:02:00Z', 'detected_at: 2024-03-22T09:20:00Z').replace('resolved_at: 2024-03-22T09:50:00Z', 'resolved_at: 2024-03-22T10:50:00Z');
    expect(lint(ordered)).toEqual([]);
  });
});

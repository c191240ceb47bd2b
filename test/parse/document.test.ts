import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configWith, lint, parse, REPO } from '../helpers.js';

const SEED = readFileSync(`${REPO}postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md`, 'utf8');

describe('reading bytes', () => {
  it('turns a binary file into one parse finding', () => {
    const findings = lint(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse', severity: 'error', line: 1, message: expect.stringMatching(/binary/) })]);
  });

  it('turns an oversized file into one parse finding, with the limit configurable', () => {
    const config = configWith({ maxFileSize: 100 });
    const findings = lint('x'.repeat(101), config);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse', message: expect.stringMatching(/101 bytes, larger than the 100-byte limit/) })]);
    expect(lint('# x\n'.repeat(20), config).some((finding) => finding.ruleId === 'parse')).toBe(false);
    expect(configWith().format.maxFileSize).toBe(1024 * 1024);
  });

  it('reports invalid UTF-8 at its line and UTF-16 as such', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('# a\nb\n'), 0xc3, 0x28, 0x0a]);
    expect(lint(bytes)).toEqual([expect.objectContaining({ ruleId: 'parse', line: 3, message: expect.stringMatching(/not valid UTF-8/) })]);
    expect(lint(new Uint8Array([0xff, 0xfe, 0x23, 0x00]))[0]).toMatchObject({ ruleId: 'parse', message: expect.stringMatching(/UTF-16/) });
  });

  it('does not shift lines for CRLF, lone CR or a UTF-8 BOM', () => {
    const plain = lint(SEED.replace('| @acme-example/qa |', '| qa |'));
    expect(plain.map((f) => f.line)).toHaveLength(1);
    const variants = [
      SEED.replace('| @acme-example/qa |', '| qa |').replace(/\n/g, '\r\n'),
      '\uFEFF' + SEED.replace('| @acme-example/qa |', '| qa |'),
      '\uFEFF' + SEED.replace('| @acme-example/qa |', '| qa |').replace(/\n/g, '\r'),
      // Mixed: every third line ends CRLF, every fifth a lone CR, the rest LF. A lone CR before an empty line that
      // ends LF would make one CRLF of the two breaks, so there the break stays LF.
      ((lines: string[]) => lines.map((line, index) => line + (index % 3 === 0 ? '\r\n' : index % 5 === 0 && lines[index + 1] !== '' ? '\r' : '\n')).join(''))(
        SEED.replace('| @acme-example/qa |', '| qa |').split('\n'),
      ),
    ];
    for (const text of variants) {
      const findings = lint(text);
      expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual(plain.map((f) => [f.ruleId, f.line, f.column]));
    }
  });
});

describe('the model of the first seed postmortem', () => {
  const doc = parse(SEED).postmortem!;
  const lineOf = (text: string) => SEED.split('\n').findIndex((line) => line.includes(text)) + 1;

  it('reads the frontmatter', () => {
    expect(doc.meta).toMatchObject({ id: 'INC-20240115-0042', severity: 'SEV2', status: 'published', tags: expect.arrayContaining(['connection-pool']) });
  });

  it('finds all eleven sections, H3 Impact and Contributing Factors included, at their lines', () => {
    const keyed = doc.sections.filter((section) => section.key).map((section) => [section.key, section.heading.line]);
    expect(keyed).toEqual([
      ['summary', lineOf('## Summary')],
      ['impact', lineOf('### Impact')],
      ['timeline', lineOf('## Timeline')],
      ['root-cause-analysis', lineOf('## Root Cause Analysis')],
      ['contributing-factors', lineOf('### Contributing Factors')],
      ['what-went-well', lineOf('## What Went Well')],
      ['what-went-poorly', lineOf('## What Went Poorly')],
      ['where-we-got-lucky', lineOf('## Where We Got Lucky')],
      ['action-items', lineOf('## Action Items')],
      ['lessons-learned', lineOf('## Lessons Learned')],
      ['metrics', lineOf('## Metrics')],
    ]);
    const rca = doc.sections.find((section) => section.key === 'root-cause-analysis')!;
    expect(rca.endLine).toBe(lineOf('## What Went Well') - 1);
  });

  it('reads the action items with their cells at the row lines', () => {
    const items = doc.actionItems!.items;
    expect(items).toHaveLength(5);
    expect(items[0]!.row.line).toBe(lineOf('| AI-001 |'));
    expect(items[4]!.fields).toMatchObject({ id: { text: 'AI-005' }, owner: { text: '@acme-example/platform' }, priority: { text: 'P2' }, due: { text: '2024-02-15' } });
    expect([...doc.actionItems!.columns].sort()).toEqual(['description', 'due', 'id', 'owner', 'priority', 'type']);
  });

  it('reads the timeline, the 5-Whys chain, the contributing factors and the metrics', () => {
    expect(doc.timeline.map((row) => [row.time?.text, row.significance?.text])[0]).toEqual(['14:02', 'First sign']);
    expect(doc.timeline).toHaveLength(6);
    expect(doc.timeline[5]!.row.line).toBe(lineOf('| 14:25 |'));
    expect(doc.whys).toHaveLength(5);
    expect(doc.whys[0]).toMatchObject({ question: 'Why did the API return 5xx errors?', answer: 'Because database queries were timing out' });
    expect(doc.whys[4]!.span.line).toBe(lineOf('5. **Why'));
    expect(doc.contributingFactors.map((factor) => factor.category?.text)).toEqual(['process', 'process', 'technology', 'process']);
    expect(doc.metrics.map((metric) => [metric.name.text, metric.value.text])).toContainEqual(['Time to Resolve', '25 min']);
  });

  it('reads a 5-Whys chain written as a table', () => {
    const text = '## Root Cause Analysis\n\n| Why | Because |\n|---|---|\n| Why did it fail? | The disk filled |\n';
    expect(parse(text).postmortem!.whys).toEqual([expect.objectContaining({ question: 'Why did it fail?', answer: 'The disk filled', span: expect.objectContaining({ line: 5 }) })]);
  });

  it('matches section names case-insensitively, with numbering and configurable aliases', () => {
    const text = '## 1. ROOT CAUSE\n\ntext\n\n## Remediation\n\n| ID | Owner |\n|---|---|\n| AI-1 | x |\n';
    const plain = parse(text).postmortem!;
    expect(plain.sections.map((section) => section.key)).toEqual(['root-cause-analysis', undefined]);
    const config = configWith({ sections: { 'action-items': ['Action Items', 'Remediation'] } });
    expect(parse(text, config).postmortem!.actionItems?.items).toHaveLength(1);
  });
});

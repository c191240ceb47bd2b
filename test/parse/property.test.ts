import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configWith, lint } from '../helpers.js';

const config = configWith();

const noise = fc.string({ unit: 'binary', maxLength: 30 });
const cellText = fc.oneof(
  fc.constantFrom('AI-001', 'AI-001', 'TBD', '?', '@alice', '@acme/team', 'Alice', '@a, @b', '', 'P0', 'P1', 'P9', 'detect', 'process'),
  fc.constantFrom('2024-01-15', '2024-02-30', '2023-01-01', '2099-12-31', 'soon', '14:02', 'HH:mm', '✓', 'technology'),
  noise.map((text) => text.replace(/[|\n\r]/g, ' ')),
);
const columnName = fc.constantFrom('ID', 'Type', 'Description', 'Owner', 'Priority', 'Due', 'Status', 'Time (UTC)', 'Event', 'Significance', 'Factor', 'Category', 'Preventable', 'Metric', 'Value', 'Why', 'Because', 'x');
const actionColumns = fc.shuffledSubarray(['ID', 'Type', 'Description', 'Owner', 'Priority', 'Due', 'Status'], { minLength: 1 });
const table = fc
  .tuple(fc.oneof(actionColumns, fc.uniqueArray(columnName, { minLength: 1, maxLength: 7 })), fc.array(fc.array(cellText, { maxLength: 8 }), { maxLength: 6 }))
  .map(([header, rows]) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n') + '\n');
const list = fc.array(fc.oneof(fc.constant('**Why did it fail?** → Because x'), fc.constant('Why? ->'), noise), { maxLength: 6 }).map((items) => items.map((item, i) => `${i + 1}. ${item}`).join('\n') + '\n');
const block = fc.oneof(table, list, noise.map((text) => `${text}\n`), fc.constantFrom('```\ncode\n', '> quote\n', '<!-- x -->\n', '\r\n', '- item\n'));
const heading = fc.tuple(fc.constantFrom('#', '##', '##', '###'), fc.oneof(
  { arbitrary: fc.constantFrom('Action Items', 'Timeline', 'Root Cause Analysis'), weight: 3 },
  { arbitrary: fc.constantFrom('Summary', 'Impact', 'Timeline', 'Root Cause Analysis', 'Root Cause', 'Contributing Factors', 'What Went Well', 'Action Items', 'Lessons Learned', 'Metrics', '5 Whys'), weight: 2 },
  { arbitrary: noise, weight: 1 },
)).map(([marks, title]) => `${marks} ${title}\n`);
const section = fc.tuple(heading, fc.array(block, { maxLength: 4 })).map(([h, blocks]) => h + '\n' + blocks.join('\n'));
const frontmatterLine = fc.oneof(
  fc.constantFrom('id: INC-20240115-0042', 'id: x', 'date: 2024-02-30', 'date: 2024-01-15', 'severity: SEV2', 'severity: SEV3', 'status: draft', 'status: published',
    'tags: [a, B]', 'authors: ["@a"]', 'authors: []', 'a: &x [1]\nb: *x', 'key: !!js/function f', 'id: dup\nid: dup', 'title: "x', 'confidence: 101'),
  noise,
);
const frontmatter = fc.tuple(fc.constantFrom('---', '---', '---js', '---yaml'), fc.array(frontmatterLine, { maxLength: 8 }), fc.boolean())
  .map(([open, lines, closed]) => `${open}\n${lines.join('\n')}\n${closed ? '---\n' : ''}`);
const documentText = fc.tuple(fc.option(fc.constant('\uFEFF')), fc.option(frontmatter), fc.array(section, { maxLength: 6 }), fc.boolean())
  .map(([bom, fm, sections, crlf]) => {
    const text = (bom ?? '') + (fm ?? '') + sections.join('\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

function checkFindings(text: string | Uint8Array) {
  const findings = lint(text, config);
  expect(Array.isArray(findings)).toBe(true);
  for (const finding of findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(typeof finding.message).toBe('string');
    expect(finding.message).not.toBe('');
    // A finding that says "bug in postmortem-kb" would mean a rule threw.
    expect(finding.message).not.toMatch(/bug in postmortem-kb|Internal error/);
  }
}

describe('parse + lint on arbitrary input', () => {
  it('never throws and always returns well-formed findings, on postmortem-shaped text', () => {
    fc.assert(fc.property(documentText, checkFindings), { numRuns: 1000 });
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), checkFindings), { numRuns: 300 });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), checkFindings), { numRuns: 300 });
  });
});

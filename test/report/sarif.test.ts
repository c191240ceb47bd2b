import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, linesOf } from '../../src/lint/baseline.js';
import type { FileResult, Finding } from '../../src/model/finding.js';
import { FINGERPRINT_KEY, formatSarif, sarifRules } from '../../src/report/sarif.js';
import { HELP_LIMIT, helpOf, RULE_DOCS, SUMMARY_LIMIT } from '../../src/report/rule-help.js';
import { RULES } from '../../src/rules/index.js';
import { REPO } from '../helpers.js';

const FILE = 'postmortems/2024/owners.md';

/** The parts of a SARIF log these tests read (the schema test checks the whole). */
interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface Result {
  ruleId?: string;
  partialFingerprints?: Record<string, string>;
  locations?: { physicalLocation?: { region?: Region } }[];
  fixes?: unknown[];
}
interface Rule {
  id: string;
  fullDescription?: { text: string };
  help?: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration?: { level?: string };
}
interface Log {
  runs: { tool: { driver: { rules?: Rule[] } }; results?: Result[] }[];
}

const finding = (overrides: Partial<Finding>): Finding => ({
  ruleId: 'action-item-owner',
  severity: 'error',
  messageId: 'placeholder',
  data: { id: 'AI-001', owner: 'TBD' },
  message: 'AI-001 has the placeholder owner "TBD"',
  line: 4,
  column: 20,
  endLine: 4,
  endColumn: 23,
  ...overrides,
});

const SOURCE = ['# Incident', '', '| ID | Action | Owner |', '| AI-001 | Add an index | TBD |', 'tags: [Latency]', ''].join('\n');

/** The SARIF 2.1.0 schema, as a package of the npm registry ships it (@microsoft/jest-sarif, a devDependency). */
function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown[] | null } {
  const schema = JSON.parse(readFileSync(join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // Both packages are CommonJS: their default export is the class or the plugin, or a namespace holding it.
  const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
  // The schema's patterns predate Unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ((formatsModule as unknown as { default?: (a: unknown) => void }).default ?? (formatsModule as unknown as (a: unknown) => void))(ajv);
  return ajv.compile(schema);
}

const sarifOf = (results: FileResult[], sources = new Map([[FILE, SOURCE]])): Log => JSON.parse(formatSarif(results, sarifRules(), '1.2.3', sources)) as Log;
const resultsOf = (log: Log): Result[] => log.runs[0]!.results!;
const fingerprint = (result: Result) => result.partialFingerprints![FINGERPRINT_KEY]!;

describe('SARIF rules', () => {
  it('carry each rule’s page: fullDescription (its first paragraph, plain), help (text and the Markdown as written), helpUri and the default level', () => {
    const log = sarifOf([]);
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).toEqual(['parse', ...RULES.map((rule) => rule.meta.id)]);
    for (const rule of rules) {
      expect(rule.fullDescription?.text.length, rule.id).toBeGreaterThan(40);
      expect(rule.fullDescription!.text.length, rule.id).toBeLessThanOrEqual(SUMMARY_LIMIT);
      expect(rule.help?.text.length, rule.id).toBeGreaterThan(0);
      expect(rule.help?.markdown?.length, rule.id).toBeGreaterThan(0);
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\/github\.com\/postmortem-kb\/postmortem-kb\/blob\/main\/docs\//);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration?.level);
    }
    const owner = rules.find((rule) => rule.id === 'action-item-owner')!;
    const page = readFileSync(join(REPO, 'docs/rules/action-item-owner.md'), 'utf8');
    // The Markdown is the page (the bundled copy is docs/rules/, not another text), its relative links made absolute.
    expect(RULE_DOCS['action-item-owner']).toBe(page);
    expect(owner.help!.markdown).toBe(page.trimEnd().replace(/\]\((?!https?:)([^)]+)\)/g, (_, target: string) => `](${new URL(target, owner.helpUri).href})`));
    expect(owner.help!.markdown).not.toMatch(/\]\(\.\.?\//);
    expect(owner.fullDescription!.text).toMatch(/^Every action item has exactly one owner, written as a GitHub handle: @user or @org\/team\./);
    // Plain text: no Markdown marks left.
    expect(owner.fullDescription!.text).not.toMatch(/[`*]|\]\(/);
    // (The examples are code, as written.)
    expect(owner.help!.text.split('\nExamples\n')[0]).not.toMatch(/\*\*|\]\(/);
    // A paragraph that introduces a list too long to carry leaves out the sentence that introduces it.
    expect(rules.find((rule) => rule.id === 'timeline')!.fullDescription!.text).toMatch(/each required milestone is marked on some row\.$/);
    // One that introduces a short example takes it along.
    expect(rules.find((rule) => rule.id === 'decision-record')!.fullDescription!.text).toMatch(/per line:\ndate:2024-01-15\|context:…/);
  });

  it('a page longer than the limit is cut between blocks, with a pointer to the whole page', () => {
    const paragraph = (n: number) => `Paragraph ${n} says [what it says](../format.md#files) in \`code\` and **bold**. ${'word '.repeat(60)}`;
    const page = ['# long-rule', '**Default:** error · **Options:** none', ...Array.from({ length: 120 }, (_, n) => paragraph(n))].join('\n\n');
    expect(page.length).toBeGreaterThan(2 * HELP_LIMIT);
    const help = helpOf(page, 'https://example.com/docs/rules/long-rule.md');
    for (const text of [help.markdown, help.text]) {
      expect(text.length).toBeLessThanOrEqual(HELP_LIMIT);
      expect(text).toMatch(/\n\n…\n\nThe whole page: https:\/\/example\.com\/docs\/rules\/long-rule\.md$/);
      // Whole paragraphs only: the last one kept ends as written.
      expect(text.split('\n\n').at(-3)).toMatch(/word $/);
    }
    expect(help.markdown).toContain('[what it says](https://example.com/docs/format.md#files)');
    expect(help.text).toContain('Paragraph 0 says what it says in code and bold.');
    expect(help.summary).toBe(paragraph(0).replace('[what it says](../format.md#files)', 'what it says').replace('`code`', 'code').replace('**bold**', 'bold'));
  });
});

describe('SARIF results', () => {
  const results: FileResult[] = [
    {
      filePath: FILE,
      findings: [
        finding({}),
        finding({ ruleId: 'placeholder', messageId: 'word', data: { word: 'TBD' }, message: 'Placeholder "TBD"' }),
        finding({ ruleId: 'frontmatter', messageId: 'invalid', data: { key: 'tags' }, message: 'tags: lowercase', line: 5, column: 1, endLine: 5, endColumn: 16, suggestion: { line: 5, text: 'tags: [latency]' } }),
      ],
    },
    { filePath: 'postmortems/unreadable.md', findings: [finding({ ruleId: 'parse', messageId: 'problem', data: {}, message: 'File could not be read (EACCES)', line: 1, column: 1, endLine: 1, endColumn: 1 })] },
  ];

  it('validate against the SARIF 2.1.0 schema, with fingerprints and fixes', () => {
    const log = sarifOf(results);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(resultsOf(log).every((result) => typeof result.partialFingerprints?.[FINGERPRINT_KEY] === 'string')).toBe(true);
    expect(resultsOf(log).some((result) => result.fixes !== undefined)).toBe(true);
    // The schema rejects what it should: a fingerprint that is not a string.
    const broken = structuredClone(log);
    (resultsOf(broken)[0]!.partialFingerprints as Record<string, unknown>)[FINGERPRINT_KEY] = 42;
    expect(validate(broken)).toBe(false);
  });

  it('partialFingerprints: the baseline’s fingerprint, the same when the finding moves down, another when its line changes', () => {
    const before = resultsOf(sarifOf(results));
    expect(fingerprint(before[0]!)).toBe(`${fingerprintOf(results[0]!.findings[0]!, linesOf(SOURCE))}:1`);
    // Two findings on one line are told apart by what they are about.
    expect(fingerprint(before[0]!)).not.toBe(fingerprint(before[1]!));

    // Three lines added above: every line number changes, no fingerprint does.
    const shiftedSource = `${['# Incident', '', 'Written on a Friday.', 'Reviewed on Monday.', ''].join('\n')}\n${SOURCE.split('\n').slice(2).join('\n')}`;
    const shift = (f: Finding): Finding => ({ ...f, line: f.line + 3, endLine: f.endLine + 3, ...(f.suggestion ? { suggestion: { ...f.suggestion, line: f.suggestion.line + 3 } } : {}) });
    const moved = resultsOf(sarifOf([{ ...results[0]!, findings: results[0]!.findings.map(shift) }, results[1]!], new Map([[FILE, shiftedSource]])));
    expect(moved.map(fingerprint)).toEqual(before.map(fingerprint));
    expect(moved[0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(7);

    // The line the finding points at changes: another alert.
    const edited = resultsOf(sarifOf(results, new Map([[FILE, SOURCE.replace('Add an index', 'Add a covering index')]])));
    expect(fingerprint(edited[0]!)).not.toBe(fingerprint(before[0]!));

    // A file that could not be read: the fingerprint comes from the message.
    expect(fingerprint(before[3]!)).toBe(`${fingerprintOf(results[1]!.findings[0]!, undefined)}:1`);
  });

  it('the same finding twice in a file: counted, as code scanning counts repeats, so two alerts stay two', () => {
    const twice = resultsOf(sarifOf([{ filePath: FILE, findings: [finding({}), finding({})] }]));
    const [hash] = fingerprint(twice[0]!).split(':');
    expect(twice.map(fingerprint)).toEqual([`${hash}:1`, `${hash}:2`]);
  });

  it('a certain whole-line fix is a SARIF fix replacing that line’s text; none without the file’s text', () => {
    const fixed = resultsOf(sarifOf(results))[2]!;
    expect(fixed.fixes).toEqual([
      {
        description: { text: 'Rewrite line 5 as suggested.' },
        artifactChanges: [
          {
            artifactLocation: { uri: FILE, uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 5, startColumn: 1, endLine: 5, endColumn: 'tags: [Latency]'.length + 1 }, insertedContent: { text: 'tags: [latency]' } }],
          },
        ],
      },
    ]);
    expect(resultsOf(sarifOf(results))[0]!.fixes).toBeUndefined();
    expect(resultsOf(sarifOf(results, new Map()))[2]!.fixes).toBeUndefined();
  });
});

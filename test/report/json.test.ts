import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileResult, Finding } from '../../src/model/finding.js';
import { main } from '../../src/cli/main.js';
import { formatJson, jsonChunks } from '../../src/report/json.js';
import { ReportWriter } from '../../src/workspace/output.js';
import { copyOfKnowledgeBase, FIXTURES } from '../helpers.js';
import { runCli } from '../support/cli.js';

/** ESLint's LintResult and LintMessage, as ESLint's types describe them (the parts we write). */
interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  fatal?: true;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  nodeType: string | null;
  fix?: { range: [number, number]; text: string };
  suppressions?: { kind: string; justification: string }[];
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  usedDeprecatedRules: unknown[];
}

const finding = (overrides: Partial<Finding>): Finding => ({
  ruleId: 'frontmatter',
  severity: 'error',
  messageId: 'invalid',
  data: { key: 'tags' },
  message: 'Frontmatter "tags": must be lowercase',
  line: 3,
  column: 7,
  endLine: 3,
  endColumn: 16,
  ...overrides,
});

const CWD = resolve('/work/kb');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SOURCE = '---\r\nid: INC-1\r\ntags: [Latency]\r\n---\r\n# Title\r\n';

describe('JSON: ESLint’s LintResult', () => {
  const results: FileResult[] = [
    {
      filePath: 'postmortems/a.md',
      findings: [
        finding({ suggestion: { line: 3, text: 'tags: [latency]' } }),
        finding({ severity: 'warning', ruleId: 'blameless-language', messageId: 'blame', message: 'Blaming phrase', line: 5, column: 3, endLine: 5, endColumn: 8, suggestion: { line: 5, text: '# Heading' } }),
        finding({ ruleId: 'placeholder', messageId: 'word', message: 'Placeholder "TBD"', line: 2 }),
      ],
    },
    { filePath: 'postmortems/b.md', findings: [finding({ ruleId: 'parse', messageId: 'problem', message: 'File could not be read (EACCES)', line: 1, column: 1, endLine: 1, endColumn: 1 })] },
    { filePath: 'postmortems/c.md', findings: [] },
    // A construct read as plain text (a `parse` finding) in a file the rules checked: not fatal.
    {
      filePath: 'postmortems/d.md',
      findings: [
        finding({ ruleId: 'parse', messageId: 'problem', message: 'Lists and quotes nested deeper than 16 levels', line: 12, column: 1 }),
        finding({ ruleId: 'placeholder', messageId: 'word', message: 'Placeholder "TBD"', line: 14 }),
      ],
    },
  ];
  const suppressed = new Map([['postmortems/c.md', [finding({ ruleId: 'action-item-owner', messageId: 'empty', message: 'AI-001 has no owner', line: 9 })]]]);
  const report = JSON.parse(formatJson(results, { cwd: CWD, sources: new Map([['postmortems/a.md', SOURCE]]), suppressed })) as LintResult[];

  it('names files by absolute path, resolved against the working directory, as ESLint does', () => {
    expect(report.map((result) => result.filePath)).toEqual(['postmortems/a.md', 'postmortems/b.md', 'postmortems/c.md', 'postmortems/d.md'].map((path) => resolve(CWD, path)));
    // Without a working directory, the paths stay as the results name them.
    expect((JSON.parse(formatJson(results)) as LintResult[])[0]!.filePath).toBe('postmortems/a.md');
  });

  it('has every count ESLint writes: errors, fatal errors (a file that could not be read), warnings, and the fixable ones', () => {
    expect(report.map(({ errorCount, fatalErrorCount, warningCount, fixableErrorCount, fixableWarningCount }) => ({ errorCount, fatalErrorCount, warningCount, fixableErrorCount, fixableWarningCount }))).toEqual([
      { errorCount: 2, fatalErrorCount: 0, warningCount: 1, fixableErrorCount: 1, fixableWarningCount: 1 },
      { errorCount: 1, fatalErrorCount: 1, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 },
      { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 },
      { errorCount: 2, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 },
    ]);
    expect(report.every((result) => Array.isArray(result.usedDeprecatedRules) && result.usedDeprecatedRules.length === 0)).toBe(true);
    expect(report[1]!.messages[0]).toMatchObject({ ruleId: 'parse', fatal: true, severity: 2, nodeType: null });
    expect(report[0]!.messages.some((message) => 'fatal' in message)).toBe(false);
    expect(report[3]!.messages.some((message) => 'fatal' in message)).toBe(false);
  });

  it('a certain fix is ESLint’s fix: the whole line in character offsets of the source (CRLF counted), its text replaced', () => {
    const [tags, blame, placeholder] = report[0]!.messages;
    expect(tags!.fix).toEqual({ range: [SOURCE.indexOf('tags:'), SOURCE.indexOf('tags:') + 'tags: [Latency]'.length], text: 'tags: [latency]' });
    const apply = (source: string, fix: { range: [number, number]; text: string }) => source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]);
    expect(apply(SOURCE, tags!.fix!)).toBe(SOURCE.replace('tags: [Latency]', 'tags: [latency]'));
    expect(apply(SOURCE, blame!.fix!)).toBe(SOURCE.replace('# Title', '# Heading'));
    expect(placeholder!.fix).toBeUndefined();
    // Without the file's text, no offsets: no fix, and nothing counted as fixable.
    const blind = (JSON.parse(formatJson(results, { cwd: CWD })) as LintResult[])[0]!;
    expect(blind.messages.some((message) => message.fix !== undefined)).toBe(false);
    expect(blind).toMatchObject({ fixableErrorCount: 0, fixableWarningCount: 0 });
  });

  it('writes `source` for a file with problems, as ESLint does when it applied no fix, and not for a clean file', () => {
    expect(report[0]!.source).toBe(SOURCE);
    expect(report[2]).not.toHaveProperty('source');
  });

  it('puts the findings the baseline suppressed in suppressedMessages, as ESLint’s bulk suppressions do, uncounted', () => {
    expect(report[2]!.messages).toEqual([]);
    expect(report[2]!.suppressedMessages).toEqual([expect.objectContaining({ ruleId: 'action-item-owner', line: 9, severity: 2, suppressions: [{ kind: 'file', justification: '' }] })]);
    expect(report[2]!.errorCount).toBe(0);
    expect(report[0]!.suppressedMessages).toEqual([]);
  });
});

describe('JSON written a file at a time', () => {
  const results: FileResult[] = Array.from({ length: 5 }, (_, index) => ({
    filePath: `postmortems/${index}.md`,
    findings: index === 2 ? [] : [finding({ line: 2, suggestion: { line: 2, text: 'id: INC-2' } })],
  }));

  it('is the same text as the whole report, and asks for each file\'s source only in its turn, only for files with findings', () => {
    const sources = new Map(results.map((result) => [result.filePath, SOURCE]));
    const asked: string[] = [];
    const chunks: string[] = [];
    for (const chunk of jsonChunks(results, { cwd: CWD, sources: (path) => (asked.push(path), sources.get(path)) })) {
      chunks.push(chunk);
      // A source is asked for when its file's piece is made, not before: one file's text at a time.
      expect(asked.length).toBeLessThanOrEqual(chunks.length);
    }
    expect(asked).toEqual(['postmortems/0.md', 'postmortems/1.md', 'postmortems/3.md', 'postmortems/4.md']);
    expect(chunks.length).toBe(results.length + 1);
    expect(chunks.join('')).toBe(formatJson(results, { cwd: CWD, sources }));
    expect(JSON.parse(chunks.join(''))).toHaveLength(5);
    expect([...jsonChunks([])].join('')).toBe('[]');
  });

  it('is gathered into writes of about a megabyte, in order, nothing lost at the end', () => {
    const writes: string[] = [];
    const out = new ReportWriter((text) => void writes.push(text), 10);
    for (const piece of ['abcd', 'efgh', 'ijkl', 'mn', 'o']) out.write(piece);
    expect(writes).toEqual(['abcdefghijkl']);
    out.end();
    expect(writes).toEqual(['abcdefghijkl', 'mno']);
    out.end();
    expect(writes).toHaveLength(2);
  });

  it('waits for a slow stdout to drain before making more of the report (a pipe must not fill the memory)', async () => {
    // A knowledge base whose JSON report is several writes long, written to a stdout that holds every write in memory
    // until it is drained: no write may come while one waits.
    const root = copyOfKnowledgeBase('pm-json-drain-');
    const template = readFileSync(join(FIXTURES, 'rules/frontmatter/fail.md'), 'utf8');
    for (let index = 0; index < 300; index++) writeFileSync(join(root, `postmortems/2023-01-01-copy-${index}.md`), `${template}\n${'Padding words. '.repeat(300)}\n`);
    const events: string[] = [];
    let waiting = false;
    let stdout = '';
    const code = await main({
      argv: ['lint', '--format', 'json'],
      cwd: root,
      stdout: (text) => {
        expect(waiting, 'a write while the last one waits').toBe(false);
        events.push('write');
        stdout += text;
        waiting = true;
        return false;
      },
      drained: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        events.push('drained');
        waiting = false;
      },
      stderr: () => undefined,
      color: false,
    });
    expect(code).toBe(1);
    expect(events.filter((event) => event === 'write').length).toBeGreaterThan(2);
    expect(events.slice(0, 4)).toEqual(['write', 'drained', 'write', 'drained']);
    expect(JSON.parse(stdout)).toHaveLength(304);
  });
});

describe('an ESLint formatter reads the JSON of `postmortem lint --format json`', () => {
  // ESLint's own codeframe formatter (published alone as eslint-formatter-codeframe): it reads the paths, the messages,
  // `fatal`, `source` (for the frame around each problem) and every count, fixable ones included.
  const codeframe = createRequire(import.meta.url)('eslint-formatter-codeframe') as (results: LintResult[]) => string;

  it('shows each finding with its rule, message, place and line, and the totals', async () => {
    const root = copyOfKnowledgeBase('pm-json-formatter-');
    mkdirSync(join(root, 'postmortems/2024'), { recursive: true });
    cpSync(join(FIXTURES, 'rules/frontmatter/fail.md'), join(root, 'postmortems/2024/frontmatter.md'));
    mkdirSync(join(root, 'postmortems/folder.md'));
    const { code, stdout } = await runCli(['lint', '--format', 'json'], root);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as LintResult[];
    const file = results.find((result) => result.filePath === join(root, 'postmortems/2024/frontmatter.md'))!;
    expect(file.fixableErrorCount).toBeGreaterThan(0);
    expect(file.source).toBe(readFileSync(join(root, 'postmortems/2024/frontmatter.md'), 'utf8'));
    const folder = results.find((result) => result.filePath === join(root, 'postmortems/folder.md'))!;
    expect(folder).toMatchObject({ fatalErrorCount: 1, messages: [{ ruleId: 'parse', fatal: true }] });

    const out = codeframe(results);
    const shown = relative(process.cwd(), join(root, 'postmortems/2024/frontmatter.md'));
    for (const message of file.messages) {
      expect(out).toContain(`(${message.ruleId}) at ${shown}:${message.line}:${message.column}`);
      expect(out).toContain(message.message.replace(/([^ ])\.$/u, '$1'));
    }
    // The frame quotes the file's line the finding points at.
    const tags = file.messages.find((message) => message.fix !== undefined)!;
    expect(out).toMatch(new RegExp(`\\n> +${tags.line} \\| ${escape(file.source!.split('\n')[tags.line - 1]!)}\\n`));
    // A fatal problem is shown without a rule id, as ESLint shows a parse error.
    expect(out).toMatch(new RegExp(`error: A directory named like a postmortem[^\\n]* at ${escape(relative(process.cwd(), join(root, 'postmortems/folder.md')))}:1:1`));
    const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
    const fixable = results.reduce((sum, result) => sum + result.fixableErrorCount, 0);
    expect(out).toContain(`${errors} errors found.`);
    expect(out).toContain(`${fixable} error${fixable === 1 ? '' : 's'} potentially fixable`);
  });

  it('reads a clean run, and a baseline’s suppressed findings, without showing them', async () => {
    const root = copyOfKnowledgeBase('pm-json-formatter-');
    mkdirSync(join(root, 'postmortems/2024'), { recursive: true });
    cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, 'postmortems/2024/owners.md'));
    expect((await runCli(['lint', '--baseline-write'], root)).code).toBe(0);
    const { code, stdout } = await runCli(['lint', '--format', 'json'], root);
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as LintResult[];
    expect(results.flatMap((result) => result.suppressedMessages)).toHaveLength(6);
    expect(codeframe(results)).toBe('');
  });
});

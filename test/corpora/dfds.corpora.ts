import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { shared } from './shared.js';

/** 38 real postmortems from github.com/dfds/postmortems (MIT), linted with the dfds preset as a team using it would. */
const CORPUS = shared('corpora/dfds-postmortems');
const TEMPLATE = 'PMyyyy-nnn - Postmortem template.md';

interface FileReport {
  filePath: string;
  messages: { ruleId: string; messageId: string; line: number; message: string }[];
}

/**
 * An oracle independent of the parser: the non-empty bullets under "## Action Items", up to the next heading,
 * that are not marked finished ("(done)" at the end, as PM2023-001 marks one).
 */
function actionItemCount(text: string): number {
  let inside = false;
  let count = 0;
  for (const line of text.split('\n')) {
    if (/^#{1,6} /.test(line)) inside = line.trim().toLowerCase() === '## action items';
    else if (inside && /^[-*]\s+\S/.test(line) && !/\(done\)\s*$/i.test(line)) count++;
  }
  return count;
}

describe('the DFDS corpus with the dfds preset', () => {
  let reports: FileReport[];
  let exitCode: number;
  let stderr = '';

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-dfds-'));
    cpSync(CORPUS, root, { recursive: true });
    writeFileSync(join(root, '.postmortemrc.yml'), 'extends: dfds\n');
    let stdout = '';
    exitCode = await main({ argv: ['lint', '--format', 'json'], cwd: root, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: false });
    // ESLint's JSON names files by absolute path; these tests name them within the corpus.
    reports = (JSON.parse(stdout) as FileReport[]).map((report) => ({ ...report, filePath: relative(root, report.filePath) }));
  });

  it('lints all 38 postmortems (not the template) without an exception, exiting 1 on their defects', () => {
    const incidents = readdirSync(CORPUS).filter((name) => name.endsWith('.md') && name !== TEMPLATE);
    expect(incidents).toHaveLength(38);
    expect(reports.map((report) => report.filePath).sort()).toEqual(incidents.sort());
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    const all = reports.flatMap((report) => report.messages);
    expect(all.filter((message) => message.ruleId === 'parse' || /bug in postmortem-kb/.test(message.message))).toEqual([]);
  });

  it('takes each id and title from the file name, so no frontmatter finding is raised', () => {
    expect(reports.flatMap((report) => report.messages).filter((message) => message.ruleId === 'frontmatter')).toEqual([]);
  });

  it('finds every action item without an owner and without a due date: all of them, by an independent count', () => {
    for (const report of reports) {
      const items = actionItemCount(readFileSync(join(CORPUS, report.filePath), 'utf8'));
      const owner = report.messages.filter((message) => message.ruleId === 'action-item-owner');
      const due = report.messages.filter((message) => message.ruleId === 'action-item-due');
      expect([report.filePath, owner.length, due.length]).toEqual([report.filePath, items, items]);
    }
    expect(reports.reduce((sum, report) => sum + actionItemCount(readFileSync(join(CORPUS, report.filePath), 'utf8')), 0)).toBe(119);
  });

  it('finds template placeholders in exactly the two postmortems that kept them', () => {
    const withTemplateText = reports
      .filter((report) => report.messages.some((message) => message.ruleId === 'placeholder' && (message.messageId === 'time' || message.messageId === 'phrase')))
      .map((report) => report.filePath.slice(0, 10));
    expect(withTemplateText).toEqual(['PM2022-006', 'PM2024-001']);
  });

  it('finds the timeline rows written 14:?? at their lines', () => {
    const report = reports.find((candidate) => candidate.filePath.startsWith('PM2024-001'))!;
    const text = readFileSync(join(CORPUS, report.filePath), 'utf8').split('\n');
    const expected = text.flatMap((line, index) => (line.includes('14:??') ? [index + 1] : []));
    expect(expected).toHaveLength(2);
    const found = report.messages.filter((message) => message.ruleId === 'timeline' && message.messageId === 'placeholder').map((message) => message.line);
    expect(found).toEqual(expect.arrayContaining(expected));
  });
});

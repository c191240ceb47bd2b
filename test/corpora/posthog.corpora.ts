import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { POSTHOG_CONFIG, shared } from './shared.js';

/**
 * PostHog's public postmortems (MIT; see SOURCE.txt beside them): no frontmatter, list timelines, times such as
 * "Jan 14, 10:18 AM", action items in several lists under Remediation, finished ones marked ✅ or under a
 * "(Completed)" heading. Linted with the configuration a team would write, in 8 lines.
 */
const CORPUS = shared('corpora/posthog-postmortems');
const CONFIG = POSTHOG_CONFIG;

/**
 * Every finding, judged one by one against the document (all are true):
 * - timeline noMilestone: no row of that timeline says when the incident was detected or mitigated (flags-is-down),
 *   when impact started (surveys: its first row is the deploy that caused it, not named as the start), or when
 *   impact started, was mitigated or resolved (replay: the last row is the team finding the rollback never shipped);
 * - timeline noTable: persons-db-migration's Timeline is only a link to a status page;
 * - action-item-owner/due empty: open follow-ups (Short-term, Long-term, Planned, "In progress", …) that name no
 *   owner or date; surveys' items with "Owner: @…" are asked for a date only;
 * - action-item-wording notVerb: "Development of specialized tooling …" is a topic, not an instruction;
 * - required-sections: shai-hulud has no lessons section; the investigation is five paragraphs of prose.
 */
const owned = (lines: number[]) => lines.flatMap((line) => [`action-item-owner/empty@${line}`, `action-item-due/empty@${line}`]);
const JUDGED: Record<string, string[]> = {
  '2025-09-29-flags-is-down.md': ['timeline/noMilestone@13', 'timeline/noMilestone@13', ...owned([68, 70, 72, 74, 78]), 'action-item-wording/notVerb@78', ...owned([79, 80])],
  '2025-10-03-surveys-sdk-bug.md': ['timeline/noMilestone@13', ...owned([88, 94, 96, 98]), 'action-item-due/empty@102', 'action-item-due/empty@104', 'action-item-due/empty@106'],
  '2025-10-21-feature-flags-recurring-outages.md': owned([192, 193, 197, 198, 199, 200, 201, 207, 208, 209, 210, 211, 215, 216, 217, 221, 222, 223, 224]),
  '2025-11-15-persons-db-migration.md': ['timeline/noTable@44', ...owned([158, 165, 168, 171])],
  '2025-11-26-shai-hulud-attack.md': ['required-sections/missingFound@1', ...owned([126, 128, 130, 132])],
  '2026-01-17-replay-sdk-fetch-wrapper-incident.md': ['timeline/noMilestone@31', 'timeline/noMilestone@31', 'timeline/noMilestone@31', ...owned([88, 89, 90, 91, 92, 93])],
  'investigations/2024-02-28-decide is down.md': ['required-sections/missing@1', 'required-sections/missing@1', 'required-sections/missing@1'],
};

interface FileReport {
  filePath: string;
  messages: { ruleId: string; messageId: string; line: number; message: string }[];
}

/** An oracle apart from the reader: lines of a finished item (✅, or under a heading that says "completed"). */
function finishedLines(text: string): number[] {
  const lines: number[] = [];
  let completed = false;
  text.split('\n').forEach((line, index) => {
    if (/^#{1,6} /.test(line)) completed = /completed/i.test(line);
    else if (/^\s*(?:[-*]|\d+\.)\s/.test(line) && (completed || line.includes('✅'))) lines.push(index + 1);
  });
  return lines;
}

async function run(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, cwd: root, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false });
  return { code, stdout, stderr };
}

describe('the PostHog corpus with an 8-line team configuration', () => {
  let root: string;
  let reports: FileReport[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pm-posthog-'));
    cpSync(CORPUS, root, { recursive: true });
    writeFileSync(join(root, '.postmortemrc.yml'), `${CONFIG.join('\n')}\n`);
    const result = await run(root, ['lint', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    // ESLint's JSON names files by absolute path; these tests name them within the corpus.
    reports = (JSON.parse(result.stdout) as FileReport[]).map((report) => ({ ...report, filePath: relative(root, report.filePath) }));
  });

  it('lints the seven postmortems, not the README or the template', () => {
    expect(CONFIG.length).toBeLessThanOrEqual(8);
    const top = readdirSync(CORPUS).filter((name) => name.endsWith('.md') && name !== 'README.md');
    expect(reports.map((report) => report.filePath).sort()).toEqual([...top, 'investigations/2024-02-28-decide is down.md'].sort());
    expect(reports.flatMap((report) => report.messages).filter((message) => message.ruleId === 'parse')).toEqual([]);
  });

  it('reports exactly the judged findings, each at its file, rule and line', () => {
    const found = Object.fromEntries(reports.map((report) => [report.filePath, report.messages.map((message) => `${message.ruleId}/${message.messageId}@${message.line}`)]));
    expect(found).toEqual(JUDGED);
  });

  it('reads list timelines and their times: none is missing or unreadable', () => {
    const timeline = reports.flatMap((report) => report.messages.filter((message) => message.ruleId === 'timeline').map((message) => `${report.filePath} ${message.messageId}`));
    expect(timeline.filter((entry) => / (?:unparsed|placeholder|noTable)$/.test(entry))).toEqual(['2025-11-15-persons-db-migration.md noTable']);
  });

  it('asks nothing of a finished item', () => {
    let finished = 0;
    for (const report of reports) {
      const lines = new Set(finishedLines(readFileSync(join(CORPUS, report.filePath), 'utf8')));
      finished += lines.size;
      expect(report.messages.filter((message) => message.ruleId.startsWith('action-item') && lines.has(message.line))).toEqual([]);
    }
    expect(finished).toBeGreaterThanOrEqual(20);
  });

  it('measures durations from a list timeline', async () => {
    const result = await run(root, ['metrics', '--format', 'json']);
    expect(result.code).toBe(0);
    const incidents = (JSON.parse(result.stdout) as { incidents: { id: string; minutes: Record<string, number | null> }[] }).incidents;
    expect(incidents).toHaveLength(7);
    expect(incidents.find((incident) => incident.id === '2025-09-29-flags-is-down')!.minutes).toMatchObject({ acknowledge: 27, resolve: 108 });
  });
});

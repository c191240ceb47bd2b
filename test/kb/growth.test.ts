import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentInfo } from '../../src/escalate/incidents.js';
import { describeDocuments } from '../../src/review/index.js';
import { main } from '../../src/cli/main.js';
import { findPatterns, patternOf } from '../../src/kb/patterns.js';
import { findRelated } from '../../src/kb/related.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { copyOfKnowledgeBase, FIXTURES } from '../helpers.js';

const EARLIER = ['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023'];
const FOURTH = '2024-03-07-team-members-n-plus-one-queries.md';
const FIFTH = '2024-04-02-audit-log-n-plus-one-queries.md';

/** This repository's knowledge base, its configuration included, with the given N+1 postmortems added. */
function knowledgeBaseWith(files: string[]): string {
  const root = copyOfKnowledgeBase('pm-growth-');
  for (const file of files) copyFileSync(join(FIXTURES, 'kb', file), join(root, 'postmortems', file));
  return root;
}

describe('the bundled knowledge base as the N+1 incidents keep coming', () => {
  for (const [count, files, id] of [
    [4, [FOURTH], 'INC-20240307-0031'],
    [5, [FOURTH, FIFTH], 'INC-20240402-0040'],
  ] as const) {
    it(`keeps the pattern at the ${count}th: patterns, related, the review comment and escalation all see it`, async () => {
      const root = knowledgeBaseWith([...files]);
      const config = loadConfig(root);
      const reader = createReader({ config, cwd: root });
      const kb = await reader.index();
      const incidents = [...EARLIER, 'INC-20240307-0031', 'INC-20240402-0040'].slice(0, count);

      const pattern = patternOf(kb, id);
      expect(pattern).toMatchObject({ count, incidents });
      expect(pattern!.tags[0]).toBe('n-plus-one');
      expect(findPatterns(kb)).toContainEqual(pattern);
      // `related` lists every other incident of the pattern, even with a limit of 1.
      expect(findRelated(kb, id, 1).results.map((result) => result.incident.id).sort()).toEqual(incidents.filter((other) => other !== id).sort());

      // The review comment's pattern, with the open items of the earlier incidents.
      const [report] = describeDocuments(reader.parseAll([join(root, 'postmortems', files.at(-1)!)]), kb, reader.incidents(kb), config);
      expect(report!.pattern?.text).toMatch(new RegExp(`^${count}th occurrence of n-plus-one in 180 days`));
      expect(report!.pattern?.openActionItems.map((item) => `${item.incident} ${item.id}`)).toEqual(expect.arrayContaining(['INC-20231015-0008 AI-002', 'INC-20231201-0019 AI-002']));

      // Escalation tells the earliest incident's open items that it recurred in every later one.
      expect(incidentInfo(kb).get('INC-20231015-0008')!.recurredIn.map((newer) => newer.id)).toEqual(incidents.slice(1));

      let stdout = '';
      const code = await main({ argv: ['patterns'], cwd: root, stdout: (text) => void (stdout += text), stderr: () => undefined, color: false });
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^n-plus-one\\b.*: ${count} incidents within 180 days$`, 'm'));
      expect(stdout).not.toContain('No recurring patterns');
    });
  }
});

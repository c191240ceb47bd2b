import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { indexEntryOf, lintFiles } from '../../src/lint/engine.js';
import type { ParsedFile } from '../../src/parse/document.js';
import type { LintReport } from '../../src/report/pull-request.js';
import { reviewDocuments } from '../../src/review/index.js';
import { RULES } from '../../src/rules/index.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { parse, REPO } from '../helpers.js';

// The comment a reviewer reads on a pull request that adds a 4th N+1-query postmortem, written as people write them
// (an owner TBD, a due date 2024/3/1, sections left out, a blaming sentence, a row without an ID), to the bundled
// knowledge base: the review and the formatter, with a fixed repository, head commit, pull request and run.

export const ADDED = 'postmortems/2024-02-20-project-search-n-plus-one-queries.md';
export const ADDED_TEXT = readFileSync(join(REPO, 'test/review/fixtures/2024-02-20-project-search-n-plus-one-queries.md'), 'utf8');
export const HEAD = '3f9c2a1b7d4e6f8091a2b3c4d5e6f708192a3b4c';

export function goldenReport(): LintReport {
  const config = loadConfig(REPO);
  const bundled = readdirSync(join(REPO, 'postmortems'))
    .filter((name) => /^\d{4}-\d\d-\d\d-.*\.md$/.test(name))
    .map((name) => parse(readFileSync(join(REPO, 'postmortems', name), 'utf8'), config, `postmortems/${name}`));
  const added = parse(ADDED_TEXT, config, ADDED);
  const files = [...bundled, added];
  const knowledgeBase = buildKnowledgeBase(files.flatMap((file) => indexEntryOf(file, config)), config.knowledgeBase);
  const byId = new Map(files.map((file) => [file.postmortem?.meta.id, file]));
  const readIncidents = (ids: readonly string[]): ParsedFile[] => ids.flatMap((id) => byId.get(id) ?? []);
  const results = lintFiles([added], config, knowledgeBase);
  const review = reviewDocuments({ parsed: [added], results, knowledgeBase, readIncidents, config });
  return {
    scope: 'Pull request #42 changes 1 postmortem',
    results: review.results,
    hidden: { errors: 0, warnings: 0 },
    documents: review.documents,
    blobBase: undefined,
    ruleUrl: (ruleId) => RULES.find((rule) => rule.meta.id === ruleId)?.meta.url,
    itemStates: review.itemStates,
    context: {
      repositoryUrl: 'https://github.com/acme/incidents',
      sha: HEAD,
      pullNumber: 42,
      runUrl: 'https://github.com/acme/incidents/actions/runs/9876543210',
      version: '0.1.0',
      elsewhere: ['job-summary'],
    },
  };
}


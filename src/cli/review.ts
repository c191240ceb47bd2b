import packageJson from '../../package.json' with { type: 'json' };
import { COMMENT_BUDGET, formatLintReport } from '../report/pull-request.js';
import { reviewDocuments } from '../review/index.js';
import { RULES } from '../rules/index.js';
import { UsageError } from '../workspace/discover.js';
import { applyBaseline } from '../workspace/baseline.js';
import { lintWorkspace } from '../workspace/lint.js';
import { EXIT, type CliIo } from './io.js';

/**
 * `postmortem review <paths...>`: the review the action posts on a pull request, offline and before pushing:
 * the same core function, the same Markdown. Without GitHub, an earlier item's state comes from its document,
 * and the issues the sync would open are all new.
 */
export async function reviewCommand(io: CliIo, patterns: string[], options: { config?: string | undefined; baseline?: string | undefined }): Promise<number> {
  if (patterns.length === 0) throw new UsageError('review needs the postmortems to review (files, directories or globs), as a pull request would change them');
  const outcome = await lintWorkspace({ cwd: io.cwd, patterns, configPath: options.config, keepParsed: true, fs: io.fs });
  // The lint baseline, when the repository has one, as the action applies it: the review shows what is new.
  const baseline = applyBaseline(outcome, { complete: false, file: options.baseline });
  const review = reviewDocuments({
    parsed: outcome.parsed,
    results: baseline.results,
    knowledgeBase: outcome.knowledgeBase,
    readIncidents: outcome.reader.incidents(outcome.knowledgeBase),
    config: outcome.config,
  });
  // The Markdown the action posts, within the same budget; offline, nothing is linked, and the rest is `postmortem lint`'s.
  io.stdout(
    formatLintReport(
      {
        scope: '', results: review.results, hidden: { errors: 0, warnings: 0 }, documents: review.documents, blobBase: undefined,
        ruleUrl: (ruleId) => RULES.find((rule) => rule.meta.id === ruleId)?.meta.url, suppressed: baseline.suppressed,
        context: { version: packageJson.version, elsewhere: ['cli'] }, itemStates: review.itemStates,
      },
      COMMENT_BUDGET,
    ),
  );
  return review.counts.errors > 0 ? EXIT.findings : EXIT.clean;
}

import { createHash } from 'node:crypto';
import { linkUrl, urlPath } from './inert.js';

/** Where the findings a bounded text leaves out can be read: the run's job summary, code scanning (sarif-file), the CLI. */
export type Elsewhere = 'job-summary' | 'code-scanning' | 'cli';

/**
 * What the shell knows of the review beyond the findings, as data: the
 * reviewed commit (a pull request's head), where the repository is, the run,
 * the tool's version. Offline (the CLI) most of it is absent and the review
 * links nothing.
 */
export interface ReviewContext {
  /** https://github.com/owner/repo */
  repositoryUrl?: string | undefined;
  /** The reviewed commit: the pull request's head, not the merge commit GitHub checks out. */
  sha?: string | undefined;
  pullNumber?: number | undefined;
  /** The workflow run that wrote the review. */
  runUrl?: string | undefined;
  version?: string | undefined;
  /** Where the rest is when the text cannot hold everything. */
  elsewhere?: Elsewhere[] | undefined;
}

/** A commit id as GitHub gives it; anything else is not shown. */
const SHA = /^[0-9a-f]{7,64}$/i;

export function reviewedSha(context: ReviewContext | undefined): string | undefined {
  return context?.sha !== undefined && SHA.test(context.sha) ? context.sha.toLowerCase() : undefined;
}

export interface ReviewLinks {
  /** A file at the reviewed commit. */
  file(path: string): string | undefined;
  /** A line in the pull request's diff view, else at the reviewed commit. */
  line(path: string, line: number): string | undefined;
}

/**
 * The review's links. GitHub anchors a file of a pull request's diff view at
 * `diff-<sha256 of the path, hex>`, a line of its new side at `R<line>`.
 * Without a repository and a commit, no links (the CLI's offline review); with
 * only the legacy `blobBase` (a full lint's summary), file lines at that commit.
 */
export function reviewLinks(context: ReviewContext | undefined, blobBase: string | undefined): ReviewLinks {
  const sha = reviewedSha(context);
  const repository = context?.repositoryUrl?.replace(/(?<!\/)\/+$/, '');
  const base = repository && sha ? `${linkUrl(`${repository}/blob/${sha}`)}/` : blobBase;
  const pull = repository && sha && context?.pullNumber !== undefined && Number.isSafeInteger(context.pullNumber) ? linkUrl(`${repository}/pull/${context.pullNumber}/files`) : undefined;
  return {
    file: (path) => (base ? `${base}${urlPath(path)}` : undefined),
    line: (path, line) => {
      if (pull) return `${pull}#diff-${createHash('sha256').update(path).digest('hex')}R${line}`;
      return base ? `${base}${urlPath(path)}?plain=1#L${line}` : undefined;
    },
  };
}

/** Where the rest of the findings is, in words, with the run's link when there is one. */
export function whereTheRestIs(context: ReviewContext | undefined): string {
  const places = (context?.elsewhere ?? []).map((place) => {
    if (place === 'job-summary') return context?.runUrl ? `the [job summary of this run](${linkUrl(context.runUrl)})` : 'the job summary of this run';
    if (place === 'code-scanning') return 'code scanning (from the SARIF file this run writes)';
    return '`postmortem lint` on these files';
  });
  if (places.length === 0) places.push('`postmortem lint` on these files');
  return places.length === 1 ? places[0]! : `${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
}

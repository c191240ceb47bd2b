import type { ResolvedConfig } from '../config/types.js';
import type { Issue } from '../github/port.js';
import type { KnowledgeBase } from '../kb/index.js';
import { countBySeverity, type FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import type { CappedDocument } from '../sync/plan.js';
import { describeDocuments, type DocumentReport, type IncidentReader } from './documents.js';
import { withIssueStates } from './issue-states.js';

/** The action-item issues a shell listed (pull requests left out or not), and the login the tool writes as. */
export interface TrackedIssues {
  issues: readonly Issue[];
  /** Only issues this login wrote say an item's state or that it has an issue already. */
  toolLogin: string;
}

export interface ReviewRequest {
  /** The postmortems under review, as parsed (and linted) for this run. */
  parsed: readonly ParsedFile[];
  /** Their findings. */
  results: readonly FileResult[];
  /** The whole knowledge base, for related incidents and patterns. */
  knowledgeBase: KnowledgeBase;
  /** Reads the earlier incidents of a pattern: the shell's reader (the disk), never read here. */
  readIncidents: IncidentReader;
  config: ResolvedConfig;
  /** The action-item issues, when the shell could read them; without them the review goes by the postmortems alone. */
  tracked?: TrackedIssues | undefined;
}

/** The review of a pull request's postmortems: plain, serialisable data for the shells to format. */
export interface PullRequestReview {
  /** The findings, as given. */
  results: FileResult[];
  /** Errors and warnings over all the findings. */
  counts: { errors: number; warnings: number };
  /** Each postmortem: related incidents, its pattern with the earlier incidents' open items, the issues to open on merge, the timeline. */
  documents: DocumentReport[];
  /** The postmortems with more open items than `sync.maxItemsPerDocument`: the items past the cap will get no issue. */
  capped: CappedDocument[];
  /** Whether the earlier items' states come from the tool's issues, or (they could not be read) from the documents alone. */
  itemStates: 'issues' | 'documents';
}

/**
 * The review of the postmortems a pull request adds or changes, the core the
 * action's lint mode and the CLI share. Pure: no disk, no process, no GitHub;
 * the shell passes what it read (the issues it listed, a reader of earlier
 * incidents). The issue preview is the sync's own plan; the earlier items'
 * states are the tool's issues' when given, the documents' Status otherwise.
 */
export function reviewDocuments(request: ReviewRequest): PullRequestReview {
  const { parsed, results, knowledgeBase, readIncidents, config, tracked } = request;
  // Pull requests share the issues' numbering and list: they are never action items.
  const issues = tracked?.issues.filter((issue) => !issue.isPullRequest);
  const described = describeDocuments(parsed, knowledgeBase, readIncidents, config, issues ?? [], tracked?.toolLogin);
  const documents = tracked && issues ? withIssueStates(described, issues, tracked.toolLogin) : described;
  const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
  return {
    results: [...results],
    counts: { errors, warnings },
    documents,
    capped: documents.flatMap((document) => (document.capped ? [document.capped] : [])),
    itemStates: tracked ? 'issues' : 'documents',
  };
}

/**
 * The review of a pull request's postmortems, the core both shells call: the
 * action's lint mode on a pull request, and the CLI.
 */
export { reviewDocuments, type PullRequestReview, type ReviewRequest, type TrackedIssues } from './review.js';
export { describeDocuments, type DocumentReport, type IncidentReader, type OutlineSection, type PlannedIssue, type RelatedReport, type ReviewedPattern, type UntrackedItem } from './documents.js';
export { withIssueStates } from './issue-states.js';

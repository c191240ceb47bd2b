import { applyActions, BUDGET_SPENT, type Outcome } from '../github/apply.js';
import { OperationBudgetExceeded, writtenBy, type GitHubPort, type Issue } from '../github/port.js';
import { itemKey, parseMetadata } from '../tracked/marker.js';
import { loginsToLookUp, planSync, raceRepairs, syncWrites, writingActions, type ExistingIssue, type Plan, type SyncAction, type SyncDocument, type SyncSettings } from './plan.js';

export { describe } from './describe.js';

export interface SyncedIssue {
  key: string;
  number: number;
  url: string;
}

export interface SyncReport {
  created: SyncedIssue[];
  updated: (SyncedIssue & { reasons: string[] })[];
  unchanged: SyncedIssue[];
  flagged: SyncedIssue[];
  /** Duplicates closed: before applying (left by earlier races) or after (this run raced another). */
  duplicatesClosed: SyncedIssue[];
  /**
   * Keys whose action did not happen this run (budget spent, error): the next run continues. `uncertain`: it may
   * have happened all the same (a timeout, a server error); the next list settles it.
   */
  pending: { key: string; reason: string; uncertain?: boolean }[];
  /** One line each: owners named in the body because GitHub cannot assign them. */
  notices: string[];
  /** Whether the run stopped early because `max-operations` was reached. */
  budgetExhausted: boolean;
  /** Why the run stopped early, when it did: the reason every action after the stop waits for the next run. */
  stopped: string | undefined;
  /**
   * Set when an issue the run created came back written by another login than the tool's (an app token
   * without `bot-login`): the run stopped, since the next run could not recognise those issues as its own.
   */
  writtenAs: string | undefined;
}

export interface ApplyOptions {
  /** The label the tool's issues are listed by, to look for duplicates after creating. */
  ownershipLabel: string;
}

/** A pending entry for an action the applier did not carry out. */
function pendingOf(outcome: Outcome): SyncReport['pending'][number] | undefined {
  if (outcome.status === 'waiting') return { key: outcome.key, reason: outcome.reason, uncertain: false };
  if (outcome.status === 'failed') return { key: outcome.key, reason: outcome.uncertain ? `uncertain (${outcome.message}); the next run settles it` : outcome.message, uncertain: outcome.uncertain };
  return undefined;
}

/**
 * Carries a sync plan out with the one applier, then checks for races: when
 * any create happened, the tool's issues are listed again, and the repairs
 * planned from that list (`raceRepairs`: the newer of two issues for one
 * item is closed) are applied the same way. A create is never retried; an
 * uncertain one that did happen shows in that list and is no longer pending.
 * A dry run is this same code on a recording port.
 */
export async function applySync(plan: Plan, github: GitHubPort, options: ApplyOptions): Promise<SyncReport> {
  const toolLogin = plan.toolLogin;
  if (toolLogin === undefined) throw new Error("A sync plan made without the tool's login is a preview: it is never applied");
  const report: SyncReport = {
    created: [], updated: [], unchanged: [], flagged: [], duplicatesClosed: [],
    pending: plan.deferred.map((deferred) => ({ ...deferred, uncertain: false })),
    notices: [...plan.notices], budgetExhausted: false, stopped: undefined, writtenAs: undefined,
  };
  for (const action of plan.actions) {
    if (action.kind === 'unchanged' || action.kind === 'closed') report.unchanged.push({ key: action.key, number: action.issue.number, url: action.issue.url });
  }
  const writing = writingActions(plan);
  const planned = syncWrites(plan);
  const applied = await applyActions(github, planned);
  const byAction = applied.outcomes.slice(planned.length - writing.length);
  for (const outcome of applied.outcomes.slice(0, planned.length - writing.length)) {
    const pending = pendingOf(outcome);
    if (pending) report.pending.push(pending);
  }
  writing.forEach((action, index) => record(report, action, byAction[index]!));
  // Any create tried (done, or failed after GitHub may have acted) is checked against a new list.
  const triedCreate = writing.some((action, index) => action.kind === 'create' && byAction[index]!.status !== 'waiting');
  report.stopped = applied.stopped;
  report.budgetExhausted = applied.budgetExhausted;
  report.writtenAs = applied.writtenAs;

  if (triedCreate && !report.stopped) {
    let listed: Issue[];
    try {
      listed = await github.listIssues(options.ownershipLabel);
    } catch (error) {
      const budget = error instanceof OperationBudgetExceeded;
      report.pending.push({ key: 'verification', reason: budget ? BUDGET_SPENT : (error as Error).message, uncertain: false });
      if (budget) Object.assign(report, { stopped: BUDGET_SPENT, budgetExhausted: true });
      return report;
    }
    // An issue this run already closed as a duplicate is not repaired twice (a dry run's list still shows it open).
    const closed = new Set(report.duplicatesClosed.map((issue) => issue.number));
    const repairs = raceRepairs(listed, toolLogin).filter((repair) => !closed.has(repair.issue.number));
    const repaired = await applyActions(github, repairs.map((action) => ({ key: action.key, writes: action.writes })));
    repairs.forEach((action, index) => record(report, action, repaired.outcomes[index]!));
    report.created = report.created.filter((created) => !report.duplicatesClosed.some((closed) => closed.number === created.number));
    if (repaired.stopped) Object.assign(report, { stopped: repaired.stopped, budgetExhausted: repaired.budgetExhausted });
    // An uncertain create that did happen is not pending after all.
    const tracked = new Set(
      listed.flatMap((issue) => {
        const metadata = parseMetadata(issue.body);
        return metadata && issue.state === 'open' && writtenBy(issue.author, toolLogin) ? [itemKey(metadata.incident, metadata.item)] : [];
      }),
    );
    report.pending = report.pending.filter((pending) => !(pending.uncertain && tracked.has(pending.key)));
  }
  return report;
}

/** What became of one action, in the report's terms. */
function record(report: SyncReport, action: SyncAction, outcome: Outcome): void {
  const pending = pendingOf(outcome);
  if (pending) return void report.pending.push(pending);
  if (outcome.status !== 'done' && outcome.status !== 'written-as') return;
  switch (action.kind) {
    case 'create':
      if (outcome.issue) report.created.push({ key: action.key, number: outcome.issue.number, url: outcome.issue.url });
      break;
    case 'update':
      report.updated.push({ key: action.key, number: action.issue.number, url: action.issue.url, reasons: action.reasons });
      break;
    case 'flag':
      report.flagged.push({ key: action.key, number: action.issue.number, url: action.issue.url });
      break;
    case 'duplicate':
      report.duplicatesClosed.push({ key: action.key, number: action.issue.number, url: action.issue.url });
      break;
    default:
      break;
  }
}

/**
 * Asks GitHub whether each login can be assigned, before the plan is made, in
 * the order the plan would write, spending at most `limit` requests: the rest
 * of the budget is left for writes, so a run with many owners still makes
 * progress. A login not answered (the limit, the budget, an error) stays
 * unknown, and the actions that would assign it wait for the next run.
 */
export async function lookUpAssignable(github: GitHubPort, logins: readonly string[], limit = Infinity): Promise<Map<string, boolean>> {
  const answers = new Map<string, boolean>();
  for (const login of logins.slice(0, Math.max(0, limit))) {
    try {
      answers.set(login.toLowerCase(), await github.isAssignable(login));
    } catch (error) {
      if (error instanceof OperationBudgetExceeded) break;
      // Unknown: its actions wait, and the next run asks again.
    }
  }
  return answers;
}

/**
 * The sync's plan against GitHub: planned once to learn which logins it
 * would assign, those looked up (in writing order, with at most half the
 * request budget left, so that writes still make progress), then planned
 * again with the answers. Pure but for the lookups.
 */
export async function planWithAssignees(
  github: GitHubPort,
  documents: readonly SyncDocument[],
  existing: readonly ExistingIssue[],
  settings: SyncSettings,
  unreadable: ReadonlySet<string>,
  budget: number,
): Promise<Plan> {
  const lookups = Math.max(1, Math.floor((budget - github.operations) / 2));
  const assignable = await lookUpAssignable(github, loginsToLookUp(planSync(documents, existing, settings, unreadable)), lookups);
  return planSync(documents, existing, { ...settings, assignable }, unreadable);
}

import { ensureLabels } from '../github/labels.js';
import { OperationBudgetExceeded, statusOf, writtenBy, type GitHubPort } from '../github/port.js';
import { itemKey, parseMetadata } from '../tracked/marker.js';
import { inertText } from './render.js';
import { raceDuplicates, type Plan, type SyncAction } from './plan.js';

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
  /** Keys whose action did not happen this run (budget spent, uncertain create, error): the next run continues. */
  pending: { key: string; reason: string }[];
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
  dryRun: boolean;
  log: (message: string) => void;
  ownershipLabel: string;
  removedLabel: string;
}

/** A failure after which the write may or may not have happened: only the next list can tell. */
function uncertain(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * The only code that writes: carries out a plan in order, creates first. A
 * create is never retried; when any create happened, the issues are listed
 * again and duplicates (two runs raced) are closed in favour of the oldest.
 */
export async function applySync(plan: Plan, github: GitHubPort, options: ApplyOptions): Promise<SyncReport> {
  const report: SyncReport = { created: [], updated: [], unchanged: [], flagged: [], duplicatesClosed: [], pending: [], notices: [], budgetExhausted: false, stopped: undefined, writtenAs: undefined };
  const order: Record<SyncAction['kind'], number> = { duplicate: 0, create: 1, update: 2, flag: 3, unchanged: 4, closed: 5 };
  const actions = [...plan.actions].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const action of actions) {
    if (action.kind === 'unchanged' || action.kind === 'closed') report.unchanged.push({ key: action.key, number: action.issue.number, url: action.issue.url });
  }
  const writes = actions.filter((action) => action.kind !== 'unchanged' && action.kind !== 'closed');
  if (options.dryRun) {
    for (const action of writes) options.log(`[dry-run] ${describe(action)}`);
    return report;
  }
  const toolLogin = plan.toolLogin;
  if (toolLogin === undefined) throw new Error('A sync plan made without the tool\'s login is a preview: it is never applied');

  const run = async (key: string, work: () => Promise<void>): Promise<void> => {
    if (report.stopped) return void report.pending.push({ key, reason: report.stopped });
    try {
      await work();
    } catch (error) {
      if (error instanceof OperationBudgetExceeded) {
        report.stopped = 'max-operations reached';
        report.budgetExhausted = true;
        report.pending.push({ key, reason: 'max-operations reached' });
      } else {
        report.pending.push({ key, reason: uncertain(error) ? `uncertain (${(error as Error).message}); the next run settles it` : (error as Error).message });
      }
    }
  };

  if (plan.labels.length > 0) await run('labels', () => ensureLabels(github, plan.labels));

  const notified = new Set<string>();
  const assignees = async (login: string | undefined, owner: string): Promise<string[]> => {
    if (login && (await github.isAssignable(login))) return [login];
    if (!notified.has(owner) && owner !== '') {
      notified.add(owner);
      report.notices.push(`${owner} cannot be assigned (a team, or not a collaborator): it is named in the issue body instead`);
    }
    return [];
  };

  let creates = 0;
  for (const action of writes) {
    await run(action.key, async () => {
      switch (action.kind) {
        case 'duplicate': {
          await github.createComment(action.issue.number, action.comment);
          await github.updateIssue(action.issue.number, { state: 'closed', stateReason: 'duplicate' });
          report.duplicatesClosed.push({ key: action.key, number: action.issue.number, url: action.issue.url });
          break;
        }
        case 'create': {
          const assignTo = await assignees(action.content.assignee, action.item.owner);
          creates += 1;
          const issue = await github.createIssue({ title: action.content.title, body: action.content.body, labels: action.content.labels, assignees: assignTo });
          report.created.push({ key: action.key, number: issue.number, url: issue.url });
          if (issue.author && !writtenBy(issue.author, toolLogin)) {
            // More creates would only make more issues the next run ignores and creates again.
            report.writtenAs = issue.author.login;
            report.stopped = `the token writes as ${issue.author.login}, not ${toolLogin}: set the input bot-login`;
          }
          break;
        }
        case 'update': {
          let assigned: string[] | undefined;
          if (action.reassign) {
            const kept = action.issue.assignees.filter((login) => login.toLowerCase() !== action.reassign!.from?.toLowerCase());
            assigned = [...kept, ...(await assignees(action.reassign.to, action.item.owner))];
          }
          const changes = { ...(action.title ? { title: action.title } : {}), ...(action.body ? { body: action.body } : {}), ...(assigned ? { assignees: assigned } : {}) };
          if (Object.keys(changes).length > 0) await github.updateIssue(action.issue.number, changes);
          // Labels change one by one, never as a whole set from the list read earlier: a label a human adds meanwhile is kept.
          if (action.addLabels.length > 0) await github.addLabels(action.issue.number, action.addLabels);
          for (const label of action.removeLabels) await github.removeLabel(action.issue.number, label);
          report.updated.push({ key: action.key, number: action.issue.number, url: action.issue.url, reasons: action.reasons });
          break;
        }
        case 'flag': {
          await github.createComment(action.issue.number, action.comment);
          await github.addLabels(action.issue.number, [options.removedLabel]);
          report.flagged.push({ key: action.key, number: action.issue.number, url: action.issue.url });
          break;
        }
        default:
          break;
      }
    });
  }

  if (creates > 0 && !report.stopped) await run('verification', () => closeRaceDuplicates(github, options, toolLogin, report));
  return report;
}

/** After creating, list again: two open issues of the tool with one marker mean two runs raced; the newer is closed. */
async function closeRaceDuplicates(github: GitHubPort, options: ApplyOptions, toolLogin: string, report: SyncReport): Promise<void> {
  const issues = await github.listIssues(options.ownershipLabel);
  for (const { key, keep, duplicate } of raceDuplicates(issues, toolLogin)) {
    await github.createComment(duplicate.number, `Duplicate of #${keep.number}: two runs of postmortem-kb created an issue for ${inertText(key.replace('/', ' '), 201)} at once. Closed in favour of the older one.`);
    await github.updateIssue(duplicate.number, { state: 'closed', stateReason: 'duplicate' });
    report.duplicatesClosed.push({ key, number: duplicate.number, url: duplicate.url });
    report.created = report.created.filter((created) => created.number !== duplicate.number);
  }
  // An uncertain create that did happen is not pending after all.
  const tracked = new Set(
    issues.flatMap((issue) => {
      const metadata = parseMetadata(issue.body);
      return metadata && issue.state === 'open' && writtenBy(issue.author, toolLogin) ? [itemKey(metadata.incident, metadata.item)] : [];
    }),
  );
  report.pending = report.pending.filter((pending) => !(pending.reason.startsWith('uncertain') && tracked.has(pending.key)));
}

export function describe(action: SyncAction): string {
  switch (action.kind) {
    case 'create':
      return `create "${action.content.title}" (labels: ${action.content.labels.join(', ')}${action.content.assignee ? `; assign @${action.content.assignee} if assignable` : ''})`;
    case 'update':
      return `update #${action.issue.number} (${action.reasons.join(', ')}) for ${action.key}`;
    case 'flag':
      return `flag #${action.issue.number}: ${action.key} is no longer in its postmortem (comment, label)`;
    case 'duplicate':
      return `close #${action.issue.number} as a duplicate of #${action.of.number}`;
    case 'unchanged':
      return `#${action.issue.number} is in step with ${action.key}`;
    case 'closed':
      return `#${action.issue.number} is closed: left alone`;
  }
}

import type { SyncAction } from './plan.js';

/** One line per planned action, as `postmortem plan` and the job summary show the plan. */
export function describe(action: SyncAction): string {
  switch (action.kind) {
    case 'create':
      return `create "${action.content.title}" (labels: ${action.content.labels.join(', ')}${action.content.assignee ? `; assign @${action.content.assignee} if assignable` : ''})`;
    case 'update':
      return `update #${action.issue.number} (${action.reasons.join(', ')}${action.comment !== undefined ? '; a comment says what changed' : ''}) for ${action.key}`;
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

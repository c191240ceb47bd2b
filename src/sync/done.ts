/**
 * When an action item's issue may be closed, by the item's type (the method's
 * types, `action-item-type`'s defaults): what an assignee shows to call the
 * work done. Wording only; a type the configuration adds gets the fallback.
 */
const DONE = new Map<string, string>(Object.entries({
  detect: 'an alert or check for this exists and has fired in a test (a drill, a staging run or a synthetic trigger), reaching the people who must act on it',
  prevent: 'the change is live and a test or check shows the failure can no longer happen the way it did',
  mitigate: 'the mitigation is in place and has been exercised once (in a drill or a test), so a recurrence would hurt less or end sooner',
  repair: 'the fix is deployed and what the incident broke works as it did before',
  process: 'the new practice is written where the team works (a runbook, a checklist, a template) and the people it concerns know of it',
}));

const FALLBACK = 'the work described above is done and its result (a change, a document, an alert) is linked here';

/** "close this issue when …", for an item of this type: it follows "Definition of done:". */
export function definitionOfDone(type: string): string {
  return `close this issue when ${DONE.get(type.toLowerCase()) ?? FALLBACK}.`;
}

import type { Finding } from '../model/finding.js';

/**
 * The method's entry gates, checked on the incident a draft is made from: a postmortem starts once the incident
 * is resolved (closed), its record and timeline are there and its responders are known. What they find is told
 * to the author as findings on the draft (rule id `entry-gate`), never as errors: the draft is written anyway.
 */
export const ENTRY_GATE = 'entry-gate';

export const GATE_MESSAGES = {
  'not-closed': 'Incident #{{number}} is not closed: a postmortem starts once the incident commander closes the incident; resolved_at and the end of the Timeline are left to fill',
  'no-responders': 'Incident #{{number}} names no responders (no assignee, no comment by a person): list who responded under Responders',
  'timeline-gap': 'No update for {{minutes}} minutes, from {{from}} to {{to}} UTC: say in the Timeline what happened meanwhile, or that nothing did',
  'more-gaps': '{{count}} more stretches of over {{minutes}} minutes without an update: read the Timeline for them',
  'no-severity': 'Incident #{{number}} has no severity label ({{labels}}): choose the severity',
  'comments-unread': '{{count}} comments of incident #{{number}} were not read (a draft reads at most {{max}}): read the rest in the incident issue',
} as const;

export type GateMessageId = keyof typeof GATE_MESSAGES;

/** A gate's finding at a line of the draft, its message rendered from its data. */
export function gateFinding(messageId: GateMessageId, data: Record<string, string | number>, line: number): Finding {
  const message = GATE_MESSAGES[messageId].replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(data[key] ?? ''));
  return { ruleId: ENTRY_GATE, severity: 'warning', messageId, data, message, line, column: 1, endLine: line, endColumn: 1 };
}

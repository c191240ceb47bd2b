import type { DraftSettings } from '../config/draft.js';
import { classifyMilestone, type Milestone } from '../model/timeline.js';
import type { IncidentRecord, Person } from './incident.js';
import { destination, firstLine, inlineText } from './text.js';

/** One update of the incident, in time order: the issue opened, a comment, a label or an assignee, the close. */
export interface Update {
  /** Milliseconds since the epoch. */
  at: number;
  kind: 'opened' | 'comment' | 'labeled' | 'assigned' | 'closed';
  /** The event as Markdown, escaped (the first line of a comment, with a link to it). */
  event: string;
  /** The words the Significance is proposed from: the comment's first line as written, the title for the opening. */
  words: string;
}

/** The milestones a draft proposes, and the words its Significance column writes for each (the template's). */
export const PROPOSED: readonly { milestone: Milestone; label: string; slot: string }[] = [
  { milestone: 'start', label: 'First sign', slot: '<First sign of impact>' },
  { milestone: 'detect', label: 'Detection', slot: '<Alert or report>' },
  { milestone: 'mitigate', label: 'Mitigation applied', slot: '<Mitigation applied>' },
  { milestone: 'resolve', label: 'Impact ends', slot: '<Impact ends>' },
];

/** The most characters of a comment's first line a Timeline row takes. */
export const EVENT_LENGTH = 200;

function who(person: Person | undefined): string {
  return person ? ` by ${person.login}` : '';
}

/** Every update of the incident in time order (a stable sort: updates at the same second keep the source's order). */
export function updatesOf(record: IncidentRecord): Update[] {
  const updates: Update[] = [];
  const title = firstLine(record.title, EVENT_LENGTH);
  updates.push({ at: Date.parse(record.createdAt), kind: 'opened', event: `Incident issue [#${record.number}](${destination(record.url)}) opened${who(record.author)}: ${inlineText(title)}`, words: title });
  for (const comment of record.comments) {
    const line = firstLine(comment.body, EVENT_LENGTH);
    const by = comment.author?.login ?? 'a comment';
    const source = comment.url === undefined ? ` (${by})` : ` ([${by}](${destination(comment.url)}))`;
    updates.push({ at: Date.parse(comment.createdAt), kind: 'comment', event: `${line === '' ? '(no text)' : inlineText(line)}${source}`, words: line });
  }
  for (const event of record.events) {
    const subject = inlineText(event.subject);
    const event_ = event.kind === 'labeled' ? `Labelled \`${event.subject.replace(/`/g, "'")}\`${who(event.actor)}` : `Assigned to ${subject}${who(event.actor)}`;
    updates.push({ at: Date.parse(event.createdAt), kind: event.kind, event: event_.replace(/\|/g, '\\|'), words: '' });
  }
  if (record.closedAt !== undefined) updates.push({ at: Date.parse(record.closedAt), kind: 'closed', event: `Incident issue closed${who(record.closer)}`, words: '' });
  return updates.map((update, index) => ({ update, index })).sort((a, b) => a.update.at - b.update.at || a.index - b.index).map(({ update }) => update);
}

/** Whole words or phrases, any case: a configured keyword list as a test, without a pattern built from config. */
function wordsTest(words: readonly string[]): (text: string) => boolean {
  const wanted = words.map((word) => word.toLowerCase().trim()).filter(Boolean);
  const isWord = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}_]/u.test(character);
  return (text) => {
    const lower = text.toLowerCase();
    return wanted.some((word) => {
      for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) {
        if (!isWord(lower[at - 1]) && !isWord(lower[at + word.length])) return true;
      }
      return false;
    });
  };
}

/** What responders write before a colon to say what an update is ("Mitigation: failed over…"). */
const EXPLICIT: Record<string, Milestone> = {
  'first sign': 'start',
  'impact start': 'start',
  'impact started': 'start',
  detection: 'detect',
  detected: 'detect',
  alert: 'detect',
  mitigation: 'mitigate',
  mitigated: 'mitigate',
  workaround: 'mitigate',
  resolved: 'resolve',
  resolution: 'resolve',
  recovered: 'resolve',
  'impact ends': 'resolve',
  'impact ended': 'resolve',
  'all clear': 'resolve',
};

/** "No alert because…", "rollback wasnt enough": words that deny what the keywords would say. */
const NEGATION = /\b(?:no|not|never|without|cannot|(?:is|was|are|were|did|does|do|ca|wo|has|have)n[’']?t)\b/i;

function explicitMilestone(words: string): Milestone | undefined {
  const colon = words.indexOf(':');
  if (colon <= 0 || colon > 25) return undefined;
  return EXPLICIT[words.slice(0, colon).replace(/[*_]/g, '').trim().toLowerCase()];
}

/**
 * Which update each milestone is proposed on: the first that says so before a colon ("Mitigation: …"), else the
 * first whose words mark it (the configured keywords where a list is given, else the words the timeline rule
 * reads) without denying it ("no alert", "wasn't enough"). An update marks at most one milestone.
 */
export function proposeMilestones(updates: readonly Update[], keywords: DraftSettings['keywords']): Map<number, Milestone> {
  const configured: Partial<Record<Milestone, (text: string) => boolean>> = {};
  if (keywords.detection.length > 0) configured.detect = wordsTest(keywords.detection);
  if (keywords.mitigation.length > 0) configured.mitigate = wordsTest(keywords.mitigation);
  if (keywords.impactEnds.length > 0) configured.resolve = wordsTest(keywords.impactEnds);
  const proposable = new Set(PROPOSED.map(({ milestone }) => milestone));
  const proposed = new Map<number, Milestone>();
  const taken = new Set<Milestone>();
  const propose = (index: number, milestone: Milestone | undefined) => {
    if (milestone === undefined || taken.has(milestone) || proposed.has(index) || !proposable.has(milestone)) return;
    proposed.set(index, milestone);
    taken.add(milestone);
  };
  updates.forEach((update, index) => propose(index, explicitMilestone(update.words)));
  updates.forEach((update, index) => {
    if (update.words === '' || NEGATION.test(update.words)) return;
    const builtIn = classifyMilestone(update.words);
    const byKeyword = PROPOSED.map(({ milestone }) => milestone).find((candidate) => !taken.has(candidate) && configured[candidate]?.(update.words));
    propose(index, byKeyword ?? (builtIn !== undefined && configured[builtIn] === undefined ? builtIn : undefined));
  });
  return proposed;
}

/** `2026-03-13 22:58` for the first row and the first of each new day (UTC), `23:05` for the others. */
export function timeCells(updates: readonly Update[]): string[] {
  let day = '';
  return updates.map((update) => {
    const iso = new Date(update.at).toISOString();
    const date = iso.slice(0, 10);
    const time = iso.slice(11, 16);
    if (date === day) return time;
    day = date;
    return `${date} ${time}`;
  });
}

/** Stretches without an update longer than `maxMinutes`: the update after each, and how long it was. */
export function gapsOf(updates: readonly Update[], maxMinutes: number): { after: Update; before: Update; minutes: number }[] {
  const gaps: { after: Update; before: Update; minutes: number }[] = [];
  for (let index = 1; index < updates.length; index++) {
    const minutes = Math.round((updates[index]!.at - updates[index - 1]!.at) / 60_000);
    if (minutes > maxMinutes) gaps.push({ after: updates[index - 1]!, before: updates[index]!, minutes });
  }
  return gaps;
}

/** At most `max` updates: the first half and the last half of them, and how many were left out between. */
export function capUpdates(updates: readonly Update[], max: number): { kept: Update[]; left: number; leftFrom?: Update; leftTo?: Update } {
  if (updates.length <= max) return { kept: [...updates], left: 0 };
  const head = Math.ceil(max / 2);
  const tail = max - head;
  return { kept: [...updates.slice(0, head), ...updates.slice(updates.length - tail)], left: updates.length - max, leftFrom: updates[head]!, leftTo: updates[updates.length - tail - 1]! };
}

import { dayNumber } from '../model/dates.js';
import { urlPath } from '../report/inert.js';
import type { ItemMetadata } from '../tracked/marker.js';
import { inertText, mentionOrText } from '../tracked/text.js';
import type { EscalationSettings, Standing } from './ladder.js';
import { itemTitle, type ItemRow } from './rows.js';

/**
 * The words of the escalation's comments, apart from the planner that decides when they are said. Everything
 * from a document is inert text; only the owner and the contacts, when each is a single handle, may ping.
 */

/** Where the comments' links point. */
export interface EscalationLinks {
  /**
   * The base of links to files, ending in `/`: `https://github.com/acme/incidents/blob/<commit>/`. The action
   * gives the commit it read, so a comment's `#L74` still points at the row it quoted after the file changes.
   */
  blob: string;
}

export interface EscalationTextInput {
  issue: { title: string; metadata: ItemMetadata };
  where: Standing;
  settings: EscalationSettings;
  incident: { authors: readonly string[]; file?: string | undefined } | undefined;
  row: ItemRow | undefined;
  links: EscalationLinks | undefined;
}

/** Ten people at most are pinged, the rest counted: a postmortem's author list is not a mailing list. */
const MAX_PINGED = 10;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The text of a level reached: who is asked, and why; the item; when the next level comes; how to stop it. */
export function escalationText({ issue, where, settings, incident, row, links }: EscalationTextInput): string {
  const { metadata } = issue;
  const step = settings.levels[where.level - 1]!;
  const owner = metadata.owner === '' ? '' : mentionOrText(metadata.owner);
  const due = inertText(metadata.due, 32);
  const late = plural(where.overdueDays, 'day');
  const paragraphs: string[] = [];
  if (step.notify === 'owner') {
    paragraphs.push(`⏰ ${owner || 'Owner'}: this action item was due on ${due} and is ${late} overdue.`);
  } else {
    const asked = contacts(metadata.severity, settings, incident);
    const speed = settings.speed[metadata.priority.toUpperCase()] ?? 1;
    // The ladder counts days times the priority's speed: said, so "4 days" at the contacts' level is not a surprise.
    const faster = speed === 1 ? '' : ` ${inertText(metadata.priority, 16)} items climb the ladder ${speed === 2 ? 'twice' : `${speed} times`} as fast.`;
    const facts = `due ${due}, ${owner === '' ? 'no owner' : `owner ${owner}`}`;
    paragraphs.push(
      asked.who === ''
        ? `🚨 This action item is ${late} overdue (${facts}), and there is no one to ask: ${asked.what}.${faster}`
        : `🚨 Now asking ${asked.who}, ${asked.what}, because this action item is ${late} overdue (${facts}).${faster}`,
    );
  }
  const title = itemTitle(issue, row);
  paragraphs.push(`${title === '' ? '' : `**${inertText(title, 200)}** — `}${placeOf(metadata, row, incident, links)}.`);
  paragraphs.push(ladderText(metadata, where, settings, incident));
  paragraphs.push(
    `**To stop this:** close this issue once the item is done, or close it as not planned, with the reason, if it will not be done. ` +
      `If the due date no longer holds, move it in the postmortem’s row above by a pull request: the ladder starts again from the new date.`,
  );
  return paragraphs.join('\n\n');
}

/** The people a contacts level asks, as mentions, and what they are to the item, in words. */
function contacts(severity: string, settings: EscalationSettings, incident: EscalationTextInput['incident']): { who: string; what: string } {
  const configured = settings.contacts[severity];
  const everyone = configured ?? incident?.authors ?? [];
  const named = severity === '' ? 'the escalation contacts' : `the ${inertText(severity, 16)} contacts`;
  if (everyone.length === 0) {
    return {
      who: '',
      what:
        configured !== undefined
          ? `${named} (\`escalation.contacts\` in the configuration) are an empty list`
          : `no escalation contacts are set for ${severity === '' ? 'items without a severity' : inertText(severity, 16)} (\`escalation.contacts\` in the configuration) and the postmortem names no authors`,
    };
  }
  const mentions = everyone.slice(0, MAX_PINGED).map(mentionOrText);
  const more = everyone.length > MAX_PINGED ? ` (and ${everyone.length - MAX_PINGED} more)` : '';
  return { who: `${mentions.join(' ')}${more}`, what: configured !== undefined ? named : `the postmortem’s authors (no escalation contacts are set for ${severity === '' ? 'items without a severity' : inertText(severity, 16)})` };
}

/** Where the ladder stands and what comes next, with the day it comes. */
function ladderText(metadata: ItemMetadata, where: Standing, settings: EscalationSettings, incident: EscalationTextInput['incident']): string {
  const total = settings.levels.length;
  const step = settings.levels[where.level - 1]!;
  const asked = step.notify === 'owner' ? 'You are asked as its owner: this' : 'This';
  const critical = step.critical ? '; the item is now listed as critical in the escalation report' : '';
  const here = `${asked} is step ${where.level} of ${total} of the escalation ladder${critical}.`;
  const next = settings.levels[where.level];
  if (!next) return `${here} It is the last step: no one else will be asked.`;
  const speed = settings.speed[metadata.priority.toUpperCase()] ?? 1;
  const dueDay = dayNumber(metadata.due);
  const days = Math.max(where.overdueDays + 1, Math.ceil(next.days / speed));
  const on = dueDay === undefined ? `once it is ${plural(days, 'day')} overdue` : `on ${isoDay(dueDay + days)} (${plural(days, 'day')} overdue)`;
  const whom =
    next.notify === 'owner'
      ? 'its owner is reminded again'
      : contacts(metadata.severity, settings, incident).who === ''
        ? 'the escalation contacts would be asked, but none are set'
        : step.notify === 'contacts'
          ? 'they are asked again'
          : `${contactsWords(metadata.severity, settings)} are asked`;
  return `${here} If it is still open ${on}, ${whom}${next.critical ? ' and it is listed as critical in the escalation report' : ''}.`;
}

const contactsWords = (severity: string, settings: EscalationSettings) =>
  settings.contacts[severity] !== undefined ? (severity === '' ? 'the escalation contacts' : `the ${inertText(severity, 16)} contacts`) : 'the postmortem’s authors';

/** The item's incident and id, and where its row is: linked when the run knows where files are served. */
function placeOf(metadata: ItemMetadata, row: ItemRow | undefined, incident: EscalationTextInput['incident'], links: EscalationLinks | undefined): string {
  const file = row?.file ?? incident?.file ?? metadata.file;
  const place = `${row?.line === undefined ? 'in' : `line ${row.line} of`} ${inertText(file, 200)}`;
  const link = rowLink(metadata, row, incident, links);
  return `${inertText(metadata.incident, 64)} ${inertText(metadata.item, 64)}, ${link === undefined ? place : `[${place}](${link})`}`;
}

/** The row's permalink (the file's, when its line is unknown); undefined without a link base or a file. */
function rowLink(metadata: ItemMetadata, row: ItemRow | undefined, incident: EscalationTextInput['incident'], links: EscalationLinks | undefined): string | undefined {
  const file = row?.file ?? incident?.file ?? metadata.file;
  if (links === undefined || file === '') return undefined;
  return `${links.blob}${urlPath(file)}${row?.line === undefined ? '' : `?plain=1#L${row.line}`}`;
}

/**
 * Newer incidents of the same kind: each said once, with a link to what happened, and one question after them;
 * they mention no one.
 */
export function recurrenceParagraphs(incident: string, newer: readonly { id: string; date: string; title: string; file?: string | undefined }[], links: EscalationLinks | undefined): string[] {
  if (newer.length === 0) return [];
  const said = newer.map((entry) => {
    const name = `${inertText(entry.id, 64)}${entry.title === '' ? '' : ` · ${inertText(entry.title, 200)}`}`;
    const shown = links !== undefined && entry.file !== undefined && entry.file !== '' ? `[${name}](${links.blob}${urlPath(entry.file)})` : name;
    return `🔁 ${inertText(incident, 64)} happened again on ${inertText(entry.date, 32)}; this item was meant to prevent it. The new incident: ${shown}.`;
  });
  return [...said, `If this item, done, would not have stopped ${newer.length === 1 ? 'it' : 'them'}, say so here: it may need more than it says.`];
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

import { capText, markdownText } from '../report/inert.js';

/** What an item's description may take of an issue body, in characters. */
export const DESCRIPTION_LIMIT = 4_000;

/**
 * Text from a document going into an issue or a comment, as Markdown: one
 * line, escaped so it renders as itself (no HTML, link, table cell or
 * mention: nobody is pinged by a description), and bounded in length. The
 * marker words are escaped too, so the raw body holds the tool's block once.
 */
export function inertText(text: string, limit = DESCRIPTION_LIMIT): string {
  return markdownText(capText(text.replace(/\s+/g, ' ').trim(), limit)).replace(/postmortem-kb:/gi, (word) => `${word.slice(0, -1)}&#58;`);
}

const HANDLE = /^@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** A single GitHub handle (of a length GitHub allows) is a mention the tool means; anything else is inert text. */
export function mentionOrText(owner: string): string {
  const handle = owner.trim();
  return handle.length <= 200 && HANDLE.test(handle) ? handle : inertText(owner, 64);
}

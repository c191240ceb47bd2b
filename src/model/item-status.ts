// Whether an action item is finished, by the words people write in its status: read by the parser and the knowledge base alike.

/**
 * The words that say an item is finished, in every place they are read: a
 * Status cell ("Shipped"), a leading mark ("Done: …", "[fixed] …"), a closing
 * aside ("… (completed)"), a status cell of the SRE book ("**DONE**") and a
 * heading over finished items ("### Completed"). Past participles only:
 * "Complete …", "Fix …" are instructions, so they are not here.
 */
export const DONE_WORDS: readonly string[] = ['done', 'closed', 'completed', 'fixed', 'resolved', 'finished', 'shipped', 'implemented', 'deployed', 'merged'];
const DONE_ALTERNATIVES = DONE_WORDS.join('|');
/** Statuses that close an item: done, or decided against ("won't do"). Anything else, or nothing, is open. */
export const CLOSED = new RegExp(String.raw`^(?:${DONE_ALTERNATIVES}|complete|won'?t do|won’t do|wont ?do|won'?t fix|wontfix|cancell?ed|rejected|obsolete)$`, 'i');
/** A closing word followed by more: "Done (2024-03-02)", "Fixed in #123", "Completed, see PR". */
export const CLOSED_FIRST = new RegExp(String.raw`^(?:${DONE_ALTERNATIVES}|wontfix|cancell?ed|rejected|obsolete)(?=[\s(,;:.–—-]|$)`, 'i');
/** Check marks and ticked boxes that stand for "done", alone or beside the word. */
const MARKS = ['✅', '✔️', '✔', '☑️', '☑', '✓', '[x]', '[X]'];
/** "Done, not verified", "Fixed partially", "Merged, awaiting deploy": the first word is not the whole story. The two classes are disjoint, so it stays linear. */
const HEDGED = /^[^\s,;:(–—-]+[\s,;:(–—-]+(?:not|pending|partially|partly|in progress|awaiting|waiting|but|except|to staging|in staging|on staging)\b/i;

/** The text without check marks at either end and without bold, italic or strikethrough around it. */
function unmarked(text: string): string {
  let start = 0;
  let end = text.length;
  const isSpace = (index: number) => /\s/.test(text[index]!);
  for (let changed = true; changed && start < end; ) {
    changed = false;
    for (const mark of MARKS) {
      if (text.startsWith(mark, start) && start + mark.length <= end) start += mark.length;
      else if (end - mark.length >= start && text.startsWith(mark, end - mark.length)) end -= mark.length;
      else continue;
      changed = true;
    }
    while (start < end && ('*_~'.includes(text[start]!) || isSpace(start))) {
      start++;
      changed = true;
    }
    while (end > start && ('*_~'.includes(text[end - 1]!) || isSpace(end - 1))) {
      end--;
      changed = true;
    }
  }
  return text.slice(start, end);
}

export function isOpenStatus(status: string | undefined): boolean {
  const text = (status ?? '').trim();
  if (CLOSED.test(text)) return false;
  const bare = unmarked(text);
  if (bare !== text && (bare === '' || CLOSED.test(bare))) return false;
  return !CLOSED_FIRST.test(bare) || HEDGED.test(bare);
}

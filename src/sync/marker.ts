/**
 * The tool's block in an issue body: a hidden marker holding the incident id,
 * the item id and the tool's fields as JSON, the rendered fields, and an end
 * marker. Everything outside the block belongs to humans and is kept.
 */

export interface ItemMetadata {
  v: 1;
  incident: string;
  item: string;
  due: string;
  priority: string;
  type: string;
  owner: string;
  severity: string;
  file: string;
}

const BEGIN = '<!-- postmortem-kb:item ';
const END = '<!-- postmortem-kb:end -->';
const BLOCK = /<!-- postmortem-kb:item (\{[^\n]*?\}) -->[\s\S]*?<!-- postmortem-kb:end -->/;

/** JSON that cannot close the HTML comment it sits in. */
function inert(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/--/g, '-\\u002d');
}

export function renderBlock(metadata: ItemMetadata, content: string): string {
  return `${BEGIN}${inert(JSON.stringify(metadata))} -->\n${content.trim()}\n${END}`;
}

const FIELDS = ['incident', 'item', 'due', 'priority', 'type', 'owner', 'severity', 'file'] as const;

/** The tool's metadata in an issue body, or undefined when the body has no (valid) block. */
export function parseMetadata(body: string | null | undefined): ItemMetadata | undefined {
  const match = BLOCK.exec(body ?? '');
  if (!match) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(match[1]!);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (record.v !== 1 || FIELDS.some((field) => typeof record[field] !== 'string')) return undefined;
  const metadata = { v: 1 } as ItemMetadata;
  for (const field of FIELDS) metadata[field] = record[field] as string;
  return metadata;
}

/** The body with the tool's block replaced, and human text around it kept; a body without a block gets one on top. */
export function replaceBlock(body: string | null | undefined, block: string): string {
  const current = body ?? '';
  if (BLOCK.test(current)) return current.replace(BLOCK, () => block);
  return current.trim() === '' ? block : `${block}\n\n${current}`;
}

/** Removes anything that looks like the tool's markers from untrusted text, so a document cannot plant or forge one. */
export function stripMarkers(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/postmortem-kb:(item|end|escalation|report)/gi, 'postmortem-kb');
}

export function itemKey(incident: string, item: string): string {
  return `${incident}/${item}`;
}

/** HTML text and attribute values: everything from documents goes through here, never into markup as it is. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * A page of the site. No script or style from anywhere but the site itself (the CSP says so to the browser too:
 * a document's text can neither run code nor reach the network), a landmark per region, readable on a phone.
 */
/** The site's pages that every page links to, in the order its navigation shows them. */
export const SECTIONS = [
  { key: 'home', href: 'index.html', label: 'Postmortems' },
  { key: 'patterns', href: 'patterns.html', label: 'Patterns' },
  { key: 'action-items', href: 'action-items.html', label: 'Action items' },
  { key: 'insights', href: 'insights.html', label: 'Insights' },
] as const;
export type SectionName = (typeof SECTIONS)[number]['key'];

/** The navigation: a link to each section (relative to `root`), the current one marked for assistive technology. */
export function siteNav(root: string, current?: SectionName): string {
  return SECTIONS.map((section) => `<a href="${esc(root + section.href)}"${section.key === current ? ' aria-current="page"' : ''}>${esc(section.label)}</a>`).join('');
}

export function page(options: { title: string; root: string; body: string; scripts?: readonly string[]; version: string; nav?: string; current?: SectionName }): string {
  const scripts = [...(options.scripts ?? []), 'assets/site.js'].map((src) => `<script src="${esc(options.root + src)}" defer></script>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'">
<title>${esc(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(options.root)}assets/site.css">
${scripts}
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Site">${siteNav(options.root, options.current)}${options.nav ?? ''}</nav></header>
<main id="main">
${options.body}
</main>
<footer><p>Built by postmortem-kb ${esc(options.version)} from the postmortems in this repository.</p></footer>
</body>
</html>
`;
}

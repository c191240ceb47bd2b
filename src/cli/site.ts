import { join, relative, resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { dayNumber } from '../model/dates.js';
import { SiteBuilder } from '../site/build.js';
import { terminalText } from '../report/inert.js';
import { UsageError } from '../workspace/discover.js';
import { readSiteAssets } from '../workspace/site-assets.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';

/** How many postmortems are parsed at a time: their trees go once their pages are written. */
const BATCH = 100;

interface SiteOptions {
  config?: string | undefined;
  out?: string | undefined;
  'base-url'?: string | undefined;
  'as-of'?: string | undefined;
}

/** `/repo/` or `https://example.com/kb/`: where the site is published, for the one page whose links must be absolute. */
function baseUrlOf(value: string | undefined): string {
  if (value === undefined) return '/';
  const ok = /^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/.test(value) || /^https?:\/\/[^\s"<>]+\/$/.test(value);
  if (!ok) throw new UsageError(`--base-url must be a path or an http(s) URL ending with "/", such as /my-repo/, not "${value}"`);
  return value;
}

/**
 * `postmortem site`: the knowledge base as a static site in `--out` (default _site): a searchable home page, a
 * page per incident, the patterns, the open action items (overdue as of `--as-of`, default today) and the
 * insights, with their assets; no server, no request outside the folder. Writes only inside `--out`.
 */
export async function siteCommand(io: CliIo, options: SiteOptions): Promise<number> {
  const baseUrl = baseUrlOf(options['base-url']);
  // What "overdue" is measured against on the action items page: today (UTC), or the day --as-of names.
  const today = options['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (dayNumber(today) === undefined) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, not "${today}"`);
  const reader = openWorkspace(io, options.config);
  const out = resolve(io.cwd, options.out ?? '_site');
  const assets = readSiteAssets();
  if (!assets) throw new UsageError('The site\'s assets (dist/site/) are missing from this installation of postmortem-kb: run "npm run build"');
  const paths = await reader.discover();
  // The index from the frontmatter first; then each postmortem parsed, its page written and its tree let go:
  // the run holds one batch of documents, never the whole knowledge base.
  const knowledgeBase = await reader.index(paths);
  const builder = new SiteBuilder(knowledgeBase, packageJson.version, baseUrl, today);
  const { fs } = reader;
  const write = (path: string, content: string) => {
    const target = join(out, path);
    fs.mkdirSync(join(target, '..'), { recursive: true });
    fs.writeFileSync(target, content);
  };
  for (let from = 0; from < paths.length; from += BATCH) {
    const batch = paths.slice(from, from + BATCH);
    for (const file of reader.parseAll(batch)) {
      if (!file.postmortem) io.stderr(`postmortem: ${terminalText(file.path)} could not be read and is not on the site\n`);
      const page = file.postmortem ? builder.add(file.postmortem) : undefined;
      if (page) write(...page);
    }
    for (const path of batch) reader.forget(path);
  }
  for (const [path, content] of builder.finish()) write(path, content);
  const site = { incidents: builder.incidents };
  fs.mkdirSync(join(out, 'assets'), { recursive: true });
  for (const [name, content] of assets) fs.writeFileSync(join(out, 'assets', name), content);
  io.stdout(`${relative(io.cwd, join(out, 'index.html')).split('\\').join('/')}\n`);
  io.stderr(`Wrote the site of ${site.incidents} ${site.incidents === 1 ? 'incident' : 'incidents'} to ${relative(io.cwd, out).split('\\').join('/') || '.'}/: serve the folder with any static server.\n`);
  return EXIT.clean;
}

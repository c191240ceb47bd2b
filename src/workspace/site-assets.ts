import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The files of the site's assets/ folder, and where the build put them. */
export const SITE_ASSETS = ['site.js', 'site.css', 'mermaid.min.js', 'mermaid.LICENSE'] as const;

/**
 * The site's assets, read from the tool's own files (never the workspace's): beside the bundle (dist/site/), or,
 * run from the sources, the committed dist/site/.
 */
export function readSiteAssets(): Map<string, string> | undefined {
  for (const candidate of ['./site/', '../../dist/site/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (!SITE_ASSETS.every((name) => existsSync(`${dir}${name}`))) continue;
    return new Map(SITE_ASSETS.map((name) => [name, readFileSync(`${dir}${name}`, 'utf8')]));
  }
  return undefined;
}

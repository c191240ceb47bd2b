import { join } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { folderOf } from '../draft/names.js';
import { readText, type WorkspaceFs } from './fs.js';
// The template this repository ships, inlined by the bundler: `new` and `draft` work where a repository has none of its own.
import BUNDLED_TEMPLATE from '../../postmortems/TEMPLATE.md';

export interface Template {
  /** The template's text, line endings as `\n`. */
  text: string;
  /** The repository's `<folder>/TEMPLATE.md`, or undefined for the template bundled with the tool. */
  path: string | undefined;
  /** The folder new postmortems are written to (absolute): the fixed part of the first configured glob. */
  folder: string;
}

/** The repository's `<folder>/TEMPLATE.md` when there is one, else the bundled template. */
export function readTemplate(fs: WorkspaceFs, config: ResolvedConfig): Template {
  const folder = join(config.root, folderOf(config.files[0] ?? 'postmortems/**/*.md'));
  const path = join(folder, 'TEMPLATE.md');
  if (fs.existsSync(path)) return { text: readText(fs, path).replace(/\r\n?/g, '\n'), path, folder };
  // The bundled template's schema comment points at ../schemas/, which a repository of postmortems has not.
  return { text: BUNDLED_TEMPLATE.replace(/^# yaml-language-server: .*\n/m, '').replace(/\r\n?/g, '\n'), path: undefined, folder };
}

/**
 * Writes a new postmortem, never over an existing file (`wx`: decided by the file system itself, with no window
 * between a check and the write). False when the file exists.
 */
export function writeNewFile(fs: WorkspaceFs, folder: string, path: string, text: string): boolean {
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

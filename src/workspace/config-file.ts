import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkPatterns, type PatternUse } from '../config/pattern-check.js';
import { PRESETS, resolveConfig, validateConfigFile, type ConfigLayer } from '../config/resolve.js';
import { ConfigError, type ConfigFile, type ResolvedConfig } from '../config/types.js';
import { idMentionPattern } from '../kb/index.js';
import { parseYaml } from '../parse/yaml.js';
import { RULES } from '../rules/index.js';
import { NODE_FS, readText, realpath, type WorkspaceFs } from './fs.js';

export const CONFIG_NAMES = ['.postmortemrc.yml', '.postmortemrc.yaml'];

/** The nearest config file from `cwd` upward (no higher than `stopAt`, when given), or undefined. */
export function findConfigFile(cwd: string, stopAt?: string, fs: WorkspaceFs = NODE_FS): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = resolve(directory, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory || directory === stopAt) return undefined;
    directory = parent;
  }
}

/**
 * The repository around `cwd`: the nearest folder upward holding `.git`, else `cwd` itself. A config may extend
 * files, and its globs may reach, only inside it.
 */
export function repositoryRoot(cwd: string, fs: WorkspaceFs = NODE_FS): string {
  const start = resolve(cwd);
  for (let directory = start; ; directory = dirname(directory)) {
    if (fs.existsSync(join(directory, '.git'))) return directory;
    if (dirname(directory) === directory) return start;
  }
}

export interface LoadOptions {
  /**
   * The workspace the config must stay inside (the action's GITHUB_WORKSPACE): the search stops there and a named
   * config must lie inside it. Without it, the repository around `cwd` (see repositoryRoot).
   */
  workspace?: string;
  /** Default: `node:fs`. */
  fs?: WorkspaceFs | undefined;
}

/**
 * Loads the configuration: `explicit` (a path from --config) or the nearest
 * file, its `extends` chain, then the defaults. Throws ConfigError.
 */
export function loadConfig(cwd: string, explicit?: string, options: LoadOptions = {}): ResolvedConfig {
  const fs = options.fs ?? NODE_FS;
  const bounded = options.workspace !== undefined;
  let root = bounded ? resolve(options.workspace!) : repositoryRoot(cwd, fs);
  const path = explicit === undefined ? findConfigFile(cwd, bounded ? root : undefined, fs) : resolve(cwd, explicit);
  if (path === undefined) return resolveConfig([{ source: 'preset:recommended', data: {}, locate: () => undefined }], resolve(cwd), RULES);
  if (!fs.existsSync(path)) throw new ConfigError(`config file not found: ${explicit ?? path}`, undefined, undefined);
  // Only what the person running the tool names may lie outside: its folder is then the repository.
  const chosenOutside = !inside(root, path);
  if (chosenOutside && bounded) throw new ConfigError(`config file ${explicit ?? path} is outside the workspace; name a file inside the repository`, undefined, undefined);
  if (chosenOutside) root = dirname(path);
  const boundary = { root, realRoot: realpathOrSelf(fs, root), fs };
  const layers = readLayers(path, cwd, [], boundary, !chosenOutside);
  const config = resolveConfig(layers, dirname(path), RULES);
  checkPaths(layers, dirname(path), boundary.root);
  checkPatterns(patternUses(layers));
  return config;
}

interface Boundary {
  root: string;
  /** The root with its symbolic links resolved: a file's real path must lie under it. */
  realRoot: string;
  /** Where the files are read from. */
  fs: WorkspaceFs;
}

function readLayers(path: string, cwd: string, chain: string[], boundary: Boundary, mustStayInside: boolean): ConfigLayer[] {
  const shown = displayPath(path, cwd);
  if (chain.includes(path)) throw new ConfigError(`"extends" loops back to ${shown}`, shown, undefined);
  const { fs } = boundary;
  if (mustStayInside && !inside(boundary.realRoot, realpathOrSelf(fs, path))) {
    throw new ConfigError('config file is a symbolic link to a place outside the repository; it was not read', shown, undefined);
  }
  let text: string;
  try {
    text = readText(fs, path);
  } catch (error) {
    throw new ConfigError(`config file could not be read: ${(error as Error).message}`, shown, undefined);
  }
  const yaml = parseYaml(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const [problem] = yaml.problems;
  if (problem) throw new ConfigError(problem.message, shown, problem.line);
  // Whatever the file holds instead of keys is not repeated: it may be something other than a config.
  if (yaml.data !== undefined && yaml.data !== null && (typeof yaml.data !== 'object' || Array.isArray(yaml.data))) {
    throw new ConfigError(`the config must be a mapping of keys (such as "extends: recommended"), not ${Array.isArray(yaml.data) ? 'a list' : `a ${typeof yaml.data}`}`, shown, yaml.locate([])?.line ?? 1);
  }
  const data = validateConfigFile(yaml.data, shown, yaml.locate);
  const bases = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
  const layers: ConfigLayer[] = [];
  bases.forEach((base, index) => {
    const preset = PRESETS[base];
    if (preset) {
      layers.push({ source: `preset:${base}`, data: preset, locate: () => undefined });
      return;
    }
    const line = yaml.locate(Array.isArray(data.extends) ? ['extends', index] : ['extends'])?.line;
    if (!/[\\/]|\.ya?ml$/.test(base)) {
      throw new ConfigError(`"extends" names "${base}", which is neither a preset (${Object.keys(PRESETS).join(', ')}) nor a file path`, shown, line);
    }
    const basePath = resolve(dirname(path), base);
    // Refused before it is looked at: whether a file outside exists is not for a config to find out.
    if (!inside(boundary.root, basePath)) throw new ConfigError(`"extends" names ${base}, which is outside the repository: extends takes a preset or a config file inside the repository`, shown, line);
    if (!fs.existsSync(basePath)) throw new ConfigError(`"extends" names ${base}, which does not exist`, shown, line);
    if (!inside(boundary.realRoot, realpathOrSelf(fs, basePath))) throw new ConfigError(`"extends" names ${base}, a symbolic link to a place outside the repository; it was not read`, shown, line);
    if (!fs.statSync(basePath).isFile()) throw new ConfigError(`"extends" names ${base}, which is not a file`, shown, line);
    layers.push(...readLayers(basePath, cwd, [...chain, path], boundary, true));
  });
  layers.push({ source: path, name: shown, data, locate: yaml.locate });
  return layers;
}

/** The file layer that gave a key its final value, or undefined when a preset (or nothing) did. */
function lastSetter(layers: readonly ConfigLayer[], sets: (data: ConfigFile) => boolean): ConfigLayer | undefined {
  const layer = layers.findLast((candidate) => sets(candidate.data));
  return layer && !layer.source.startsWith('preset:') ? layer : undefined;
}

/** `files` and `indexPath` name places inside the repository; globs are relative to the config's folder. */
function checkPaths(layers: readonly ConfigLayer[], base: string, root: string): void {
  const filesFrom = lastSetter(layers, (data) => data.files !== undefined);
  filesFrom?.data.files?.forEach((glob, index) => {
    if (globLeaves(glob, base, root)) {
      throw new ConfigError(`"files[${index}]" reaches outside the repository: globs are relative to the config file's folder and must stay inside the repository (no absolute paths, no ".." that climbs out)`, filesFrom.name, filesFrom.locate(['files', index])?.line);
    }
  });
  const indexFrom = lastSetter(layers, (data) => data.indexPath !== undefined);
  if (indexFrom && !inside(root, resolve(base, indexFrom.data.indexPath!))) {
    throw new ConfigError('"indexPath" is outside the repository: the index page is written relative to the config file\'s folder, inside the repository', indexFrom.name, indexFrom.locate(['indexPath'])?.line);
  }
}

/** A path segment that only names folders, no wildcard, brace or extglob. */
const PLAIN_SEGMENT = /^[^*?[\]{}()!+@|,\\]*$/;
/** `..` as a segment or as one alternative of a brace or extglob (`{..,x}`, `@(..)`). */
const CLIMB = /(?:^|[{,(|])\.\.(?:$|[},)|])/;
/** An alternative that starts at the filesystem's root (`{/etc,x}`, `{C:/,x}`). */
const ROOTED_ALTERNATIVE = /[{,(|](?:[\\/]|[A-Za-z]:)/;

/**
 * Whether a glob, relative to `base`, can match files outside `root`. Its plain leading folders are resolved;
 * after the first wildcard, any `..` or rooted alternative counts as leaving, since the glob library expands
 * braces before it walks.
 */
export function globLeaves(glob: string, base: string, root: string): boolean {
  const segments = glob.split('/');
  let plain = 0;
  while (plain < segments.length - 1 && PLAIN_SEGMENT.test(segments[plain]!)) plain++;
  // The trailing slash keeps a leading empty segment (`/etc/*.conf`, `/*.conf`) the filesystem's root.
  if (!inside(root, resolve(base, plain === 0 ? '.' : `${segments.slice(0, plain).join('/')}/`))) return true;
  const rest = segments.slice(plain).join('/');
  return rest.split(/[\\/]/).some((segment) => CLIMB.test(segment)) || ROOTED_ALTERNATIVE.test(rest) || isAbsolute(rest);
}

/**
 * The regular expressions this config sets, each in the forms and with the flags they run with. Presets are not
 * checked here: their patterns are part of the source tree, which its own test checks.
 */
function patternUses(layers: readonly ConfigLayer[]): PatternUse[] {
  const uses: PatternUse[] = [];
  const at = (layer: ConfigLayer, path: (string | number)[]) => ({ file: layer.name ?? layer.source, line: layer.locate(path)?.line });
  const idFrom = lastSetter(layers, (data) => data.idPattern !== undefined);
  if (idFrom) {
    const idPattern = idFrom.data.idPattern!;
    const mention = idMentionPattern(idPattern);
    uses.push({ key: 'idPattern', source: idPattern, flags: 'u', ...at(idFrom, ['idPattern']) });
    uses.push({ key: 'idPattern', source: mention.source, flags: mention.flags, form: 'as ids are searched for in document text', ...at(idFrom, ['idPattern']) });
  }
  const nameFrom = lastSetter(layers, (data) => data.fileNamePattern !== undefined);
  if (nameFrom) uses.push({ key: 'fileNamePattern', source: nameFrom.data.fileNamePattern!, flags: 'u', ...at(nameFrom, ['fileNamePattern']) });
  // A rule option whose schema says it is a regular expression (action-item-id's `pattern`) runs with the `u` flag.
  for (const rule of RULES) {
    const properties = (rule.meta.optionsSchema as { properties?: Record<string, { format?: string }> } | undefined)?.properties ?? {};
    for (const [option, schema] of Object.entries(properties)) {
      if (schema.format !== 'regex') continue;
      const optionOf = (data: ConfigFile) => {
        const setting = data.rules?.[rule.meta.id];
        return Array.isArray(setting) ? (setting[1]?.[option] as string | undefined) : undefined;
      };
      const from = lastSetter(layers, (data) => optionOf(data) !== undefined);
      if (from) uses.push({ key: `rules.${rule.meta.id}.${option}`, source: optionOf(from.data)!, flags: 'u', ...at(from, ['rules', rule.meta.id, 1, option]) });
    }
  }
  return uses;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function realpathOrSelf(fs: WorkspaceFs, path: string): string {
  try {
    return realpath(fs, path);
  } catch {
    return path;
  }
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  // Another drive on Windows has no relative path.
  return (rel === '' || isAbsolute(rel) ? path : rel).split('\\').join('/');
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { PRESETS, resolveConfig, validateConfigFile, type ConfigLayer } from '../config/resolve.js';
import { ConfigError, type ResolvedConfig } from '../config/types.js';
import { parseYaml } from '../parse/yaml.js';
import { RULES } from '../rules/index.js';

export const CONFIG_NAMES = ['.postmortemrc.yml', '.postmortemrc.yaml'];

/** The nearest config file from `cwd` upward, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = resolve(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Loads the configuration: `explicit` (a path from --config) or the nearest
 * file, its `extends` chain, then the defaults. Throws ConfigError.
 */
export function loadConfig(cwd: string, explicit?: string): ResolvedConfig {
  const path = explicit === undefined ? findConfigFile(cwd) : resolve(cwd, explicit);
  if (path === undefined) return resolveConfig([{ source: 'preset:recommended', data: {}, locate: () => undefined }], resolve(cwd), RULES);
  if (!existsSync(path)) throw new ConfigError(`config file not found: ${explicit ?? path}`, undefined, undefined);
  const layers = readLayers(path, cwd, []);
  return resolveConfig(layers, dirname(path), RULES);
}

function readLayers(path: string, cwd: string, chain: string[]): ConfigLayer[] {
  const shown = displayPath(path, cwd);
  if (chain.includes(path)) throw new ConfigError(`"extends" loops back to ${shown}`, shown, undefined);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config file could not be read: ${(error as Error).message}`, shown, undefined);
  }
  const yaml = parseYaml(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const [problem] = yaml.problems;
  if (problem) throw new ConfigError(problem.message, shown, problem.line);
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
    if (!existsSync(basePath)) throw new ConfigError(`"extends" names ${base}, which does not exist`, shown, line);
    layers.push(...readLayers(basePath, cwd, [...chain, path]));
  });
  layers.push({ source: path, name: shown, data, locate: yaml.locate });
  return layers;
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  // Another drive on Windows has no relative path.
  return (rel === '' || isAbsolute(rel) ? path : rel).split('\\').join('/');
}

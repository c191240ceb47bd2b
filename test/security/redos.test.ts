import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { check, type Diagnostics, type Parameters } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT } from '../../src/config/format.js';
import { PRESETS } from '../../src/config/resolve.js';
import { idMentionPattern } from '../../src/kb/index.js';
import actionItemId from '../../src/rules/action-item-id.js';
import placeholder, { triggerPattern, wordPattern } from '../../src/rules/placeholder.js';
import { compileSchema } from '../../src/schema/validate.js';
import { REPO } from '../helpers.js';

/**
 * Nearly every regular expression of src/ runs over document text, and a document is untrusted input: one that
 * backtracks (`/ +$/`, `/(\d+)\s*h/g` over a long run of digits) lets a crafted postmortem stall a lint run or an
 * Action for minutes. recheck (https://makenowjust-labs.github.io/recheck/) proves each one linear here, so a new
 * backtracking pattern fails CI instead of reaching a user.
 *
 * Literals are read from the source with the TypeScript parser. Patterns built at run time (`new RegExp(…)`,
 * `RegExp(…)`, `compiledPattern(…)`) are checked as built: a module-level one through its export, one built in a
 * function through BUILT_IN_CODE below, from the default config and the presets (what a user's config sets is checked
 * when the config is loaded, by src/config/pattern-check.ts). A site the test cannot reach fails it.
 *
 * The JSON Schemas under schemas/ hold patterns too: Ajv compiles every `pattern` keyword and `patternProperties` key
 * and runs it over frontmatter values of documents (and over config values). Each is checked as written, with the
 * flags Ajv compiles it with, and named by schema file and JSON pointer.
 */

const SRC = join(REPO, 'src');

/**
 * Verdicts from step counts only: recheck's per-attack time limits would let a loaded machine turn a slow-but-linear
 * check into 'vulnerable'. `timeout` is the one wall-clock limit; it gives 'unknown', and a pattern that hits it is
 * checked again alone with RETRY_TIMEOUT_MS before it fails the test.
 */
const PARAMETERS: Parameters = { timeout: 5_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null };
const RETRY_TIMEOUT_MS = 20_000;
/** recheck's native agent checks requests in parallel; more than the cores only makes each one slower. */
const CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

const ADVICE = `Each of these can take more than linear time on some text, and documents are untrusted input.
Rewrite it until recheck says 'safe' (do not allowlist it): make the repetitions that meet disjoint, e.g.
  / +$/         -> /(?<! ) +$/          (a trailing run starts after a non-space)
  /\\s*:?\\s*$/   -> /\\s*(?::\\s*)?$/      (one reading of each run of spaces)
  /(\\d+)x/g     -> /(?<!\\d)(\\d+)x/g     (no retry from every digit of a run)
or use string methods (trimEnd, indexOf). 'unknown' is a pattern recheck could not prove within
${RETRY_TIMEOUT_MS / 1000} s: simplify it (fewer and smaller bounded repetitions) until it can.`;

interface Pattern {
  /** Where it is written, as path:line. */
  where: string;
  source: string;
  flags: string;
}

/** The top-level declaration around a site: a module-level `value` (checked through its export) or `code` run later. */
type SiteOwner = { kind: 'value' | 'code'; name: string };

/** A place in src/ that builds a regular expression from a string at run time. */
interface Site {
  file: string;
  line: number;
  owner: SiteOwner;
}

const BUILDERS = new Set(['RegExp', 'compiledPattern']);

/** The regex literals and the run-time sites of one TypeScript source. */
function scanSource(file: string, text: string): { literals: Pattern[]; sites: Site[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literals: Pattern[] = [];
  const sites: Site[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node, top: ts.Statement | undefined): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      const end = literal.lastIndexOf('/');
      literals.push({ where: `${file}:${lineOf(node)}`, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && BUILDERS.has(node.expression.text)) {
      sites.push({ file, line: lineOf(node), owner: ownerOf(top) });
    }
    ts.forEachChild(node, (child) => visit(child, top ?? (ts.isSourceFile(node) ? (child as ts.Statement) : undefined)));
  };
  visit(source, undefined);
  return { literals, sites };
}

/** The top-level declaration a site sits in: a module-level value (exportable as built) or code that runs later. */
function ownerOf(statement: ts.Statement | undefined): SiteOwner {
  if (statement && ts.isVariableStatement(statement)) {
    const [declaration] = statement.declarationList.declarations;
    const name = declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : '?';
    const initializer = declaration?.initializer;
    const isCode = initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer));
    return { kind: isCode ? 'code' : 'value', name };
  }
  if (statement && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) return { kind: 'code', name: statement.name?.text ?? 'default' };
  if (statement && ts.isExportAssignment(statement)) return { kind: 'code', name: 'default' };
  return { kind: 'code', name: '?' };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every RegExp in an exported value: the value itself, or the items of an array or object holding them. */
function regexesIn(value: unknown): RegExp[] {
  if (value instanceof RegExp) return [value];
  if (Array.isArray(value)) return value.flatMap(regexesIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(regexesIn);
  return [];
}

/** The config's own patterns: the defaults, and every preset's. */
const idPatterns = [DEFAULT_FORMAT.idPattern, ...Object.values(PRESETS).flatMap((preset) => preset.idPattern ?? [])];
const fileNamePatterns = Object.values(PRESETS).flatMap((preset) => preset.fileNamePattern ?? []);
const itemIdPatterns = [
  actionItemId.defaultOptions.pattern,
  ...Object.values(PRESETS).flatMap((preset) => {
    const setting = preset.rules?.['action-item-id'];
    const options = Array.isArray(setting) ? (setting[1] as { pattern?: string } | undefined) : undefined;
    return options?.pattern ?? [];
  }),
];
const placeholderOptions = placeholder.defaultOptions;

/**
 * The patterns each function that builds one at run time builds, from the defaults, by `path#function` (`default`
 * for a module's default export), with how many sites it has: a new site in one of them fails the test until it is
 * counted here and its pattern is checked.
 */
const BUILT_IN_CODE: Record<string, { sites: number; build: () => RegExp[] }> = {
  // Every configured pattern is compiled here; its callers are the entries below.
  'src/config/compiled-pattern.ts#compiledPattern': { sites: 1, build: () => [] },
  // Compiled to report a config error; never run over text.
  'src/config/resolve.ts#validateConfigFile': { sites: 1, build: () => [...idPatterns, ...fileNamePatterns].map((pattern) => new RegExp(pattern, 'u')) },
  'src/kb/index.ts#idMentionPattern': { sites: 1, build: () => idPatterns.map(idMentionPattern) },
  'src/parse/meta.ts#metaFromFileName': { sites: 1, build: () => fileNamePatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/parse/meta.ts#headerFields': { sites: 1, build: () => idPatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/cli/new.ts#newCommand': { sites: 1, build: () => idPatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/cli/draft.ts#draftCommand': { sites: 1, build: () => idPatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/action/draft-mode.ts#draftMode': { sites: 1, build: () => idPatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/rules/action-item-id.ts#default': { sites: 1, build: () => itemIdPatterns.map((pattern) => new RegExp(pattern, 'u')) },
  'src/rules/placeholder.ts#wordPattern': { sites: 1, build: () => [wordPattern(placeholderOptions.words)!] },
  'src/rules/placeholder.ts#triggerPattern': { sites: 1, build: () => [triggerPattern(placeholderOptions.words, placeholderOptions.phrases)] },
};

interface Verdict {
  pattern: Pattern;
  diagnostics: Diagnostics;
}

/** Checks each distinct pattern once, CONCURRENCY at a time; a timed-out one again alone with the longer limit. */
async function checkAll(patterns: readonly Pattern[]): Promise<Verdict[]> {
  const distinct = new Map<string, Pattern[]>();
  for (const pattern of patterns) {
    const key = `${pattern.flags}/${pattern.source}`;
    distinct.set(key, [...(distinct.get(key) ?? []), pattern]);
  }
  const queue = [...distinct.values()];
  const results = new Map<Pattern[], Diagnostics>();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.set(next, await check(next[0]!.source, next[0]!.flags, PARAMETERS));
    }),
  );
  for (const [group, diagnostics] of results) {
    if (diagnostics.status === 'unknown' && diagnostics.error.kind === 'timeout') {
      results.set(group, await check(group[0]!.source, group[0]!.flags, { ...PARAMETERS, timeout: RETRY_TIMEOUT_MS }));
    }
  }
  return [...results].flatMap(([group, diagnostics]) => group.map((pattern) => ({ pattern, diagnostics })));
}

function describeVerdict({ pattern, diagnostics }: Verdict): string {
  const head = `  ${pattern.where}  /${pattern.source}/${pattern.flags}\n    `;
  if (diagnostics.status === 'vulnerable') {
    const { complexity, attack } = diagnostics;
    const growth = complexity.type === 'exponential' ? 'exponential' : `polynomial, degree ${complexity.degree}`;
    return `${head}vulnerable (${growth}); attack string: ${attack.pattern}`;
  }
  if (diagnostics.status === 'unknown') {
    const { error } = diagnostics;
    return `${head}unknown (${error.kind}${'message' in error ? `: ${error.message}` : ''})`;
  }
  return `${head}safe`;
}

const posix = (path: string) => relative(REPO, path).split(sep).join('/');

/** Each src/ file read once: every literal and every run-time site. */
function scanTree(): { literals: Pattern[]; sites: Site[] } {
  const literals: Pattern[] = [];
  const sites: Site[] = [];
  for (const path of sourceFiles(SRC)) {
    const found = scanSource(posix(path), readFileSync(path, 'utf8'));
    literals.push(...found.literals);
    sites.push(...found.sites);
  }
  return { literals, sites };
}

/** The patterns built at run time, as built, and the sites the test cannot reach (with what to do about each). */
async function builtPatterns(sites: readonly Site[]): Promise<{ patterns: Pattern[]; problems: string[] }> {
  const patterns: Pattern[] = [];
  const problems: string[] = [];
  const inCode = new Map<string, Site[]>();
  const values = new Map<string, Site[]>();
  for (const site of sites) {
    const key = `${site.file}#${site.owner.name}`;
    const into = site.owner.kind === 'code' ? inCode : values;
    into.set(key, [...(into.get(key) ?? []), site]);
  }
  for (const [key, group] of values) {
    const [file, name] = key.split('#') as [string, string];
    const module = (await import(join(REPO, file))) as Record<string, unknown>;
    const built = regexesIn(module[name]);
    if (built.length < group.length) {
      problems.push(`  ${file}:${group[0]!.line}  ${name} is built at run time: export it from ${file} (a RegExp, or an array or object holding them) so this test checks the pattern as built`);
      continue;
    }
    patterns.push(...built.map((regex) => ({ where: `${file}:${group[0]!.line} (${name})`, source: regex.source, flags: regex.flags })));
  }
  for (const [key, group] of inCode) {
    const entry = BUILT_IN_CODE[key];
    if (entry?.sites !== group.length) {
      const lines = group.map((site) => site.line).join(', ');
      const [file, name] = key.split('#') as [string, string];
      problems.push(`  ${file}:${lines}  ${name} builds ${group.length} pattern(s) at run time: list '${key}' in BUILT_IN_CODE with the patterns it builds from the defaults, or build it at module level and export it`);
      continue;
    }
    patterns.push(...entry.build().map((regex) => ({ where: `${group[0]!.file}:${group[0]!.line} (${key.split('#')[1]})`, source: regex.source, flags: regex.flags })));
  }
  for (const key of Object.keys(BUILT_IN_CODE)) {
    if (!inCode.has(key)) problems.push(`  ${key}: listed in BUILT_IN_CODE but builds no pattern any more; remove the entry`);
  }
  return { patterns, problems };
}

const SCHEMAS = join(REPO, 'schemas');

/** Keywords whose value maps names (not keywords) to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
/** Keywords whose value is a subschema or a list of them. Every other keyword's value (enum, const, examples, …) is data. */
const SCHEMA_VALUES = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'contentSchema',
]);

const pointerPart = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/** Every `pattern` keyword and `patternProperties` key of a JSON Schema, with its JSON pointer. */
function schemaPatterns(schema: unknown, pointer = ''): { pointer: string; source: string; key?: true }[] {
  if (Array.isArray(schema)) return schema.flatMap((item, index) => schemaPatterns(item, `${pointer}/${index}`));
  if (typeof schema !== 'object' || schema === null) return [];
  const found: { pointer: string; source: string; key?: true }[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${pointer}/${pointerPart(keyword)}`;
    if (keyword === 'pattern' && typeof value === 'string') found.push({ pointer: at, source: value });
    else if (SCHEMA_VALUES.has(keyword)) found.push(...schemaPatterns(value, at));
    else if (SCHEMA_MAPS.has(keyword) && typeof value === 'object' && value !== null) {
      for (const [name, subschema] of Object.entries(value)) {
        if (keyword === 'patternProperties') found.push({ pointer: `${at}/${pointerPart(name)}`, source: name, key: true });
        found.push(...schemaPatterns(subschema, `${at}/${pointerPart(name)}`));
      }
    }
  }
  return found;
}

/**
 * The patterns Ajv compiles for a schema, with their flags, as src/schema/validate.ts compiles it: Ajv builds each with
 * `new RegExp(source, flags)` (the flags from its options: `u` unless `unicodeRegExp: false`), recorded here. Besides the
 * schema's own, they include those of the meta-schema Ajv checks the schema against.
 */
function ajvPatterns(schema: object): { source: string; flags: string }[] {
  const compiled: { source: string; flags: string }[] = [];
  const NativeRegExp = globalThis.RegExp;
  globalThis.RegExp = new Proxy(NativeRegExp, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      compiled.push({ source: typeof args[0] === 'string' ? args[0] : args[0].source, flags: args[1] ?? '' });
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  try {
    compileSchema(schema);
  } finally {
    globalThis.RegExp = NativeRegExp;
  }
  return compiled;
}

/** The patterns of every schemas/*.json, with Ajv's flags, and any Ajv compiles that the walk did not find. */
function schemaFilePatterns(): { patterns: Pattern[]; problems: string[]; flags: Set<string> } {
  const metaSchema = new Set(ajvPatterns({}).map(({ source }) => source));
  const files = readdirSync(SCHEMAS).filter((name) => name.endsWith('.json')).sort();
  const flags = new Set<string>();
  const found: { file: string; pointer: string; source: string; key?: true }[] = [];
  const problems: string[] = [];
  for (const name of files) {
    const file = `schemas/${name}`;
    const schema = JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object;
    const walked = schemaPatterns(schema);
    found.push(...walked.map((pattern) => ({ file, ...pattern })));
    const sources = new Set(walked.map(({ source }) => source));
    for (const compiled of ajvPatterns(schema)) {
      flags.add(compiled.flags);
      if (!sources.has(compiled.source) && !metaSchema.has(compiled.source)) {
        problems.push(`  ${file}: Ajv compiles /${compiled.source}/ but schemaPatterns did not find it: teach it the keyword it sits under`);
      }
    }
  }
  // One set of flags for all: the one Ajv's options give every pattern (a second would mean this test cannot tell which).
  const [only = 'u'] = flags.size === 1 ? flags : [];
  const patterns = found.map(({ file, pointer, source, key }) => ({ where: `${file}#${pointer}${key ? ' (patternProperties key)' : ''}`, source, flags: only }));
  return { patterns, problems: [...new Set(problems)], flags };
}

describe('regular expressions over document text', () => {
  it('finds the literals and the run-time sites of a source', () => {
    const { literals, sites } = scanSource(
      'src/example.ts',
      [
        "const TRAILING = / +$/g; const notOne = '/ +$/';",
        "export const BUILT = new RegExp(`^${'a'}+$`, 'u');",
        'export function build(pattern: string) {',
        "  return [compiledPattern(pattern, 'u'), RegExp('x'), 1 / 2 / 3];",
        '}',
      ].join('\n'),
    );
    expect(literals).toEqual([{ where: 'src/example.ts:1', source: ' +$', flags: 'g' }]);
    expect(sites).toEqual([
      { file: 'src/example.ts', line: 2, owner: { kind: 'value', name: 'BUILT' } },
      { file: 'src/example.ts', line: 4, owner: { kind: 'code', name: 'build' } },
      { file: 'src/example.ts', line: 4, owner: { kind: 'code', name: 'build' } },
    ]);
  });

  it('fails a run-time site it cannot reach: a module-level one not exported, or one in code it does not know', async () => {
    const { patterns, problems } = await builtPatterns([
      { file: 'src/model/durations.ts', line: 5, owner: { kind: 'value', name: 'PART' } },
      { file: 'src/kb/index.ts', line: 9, owner: { kind: 'code', name: 'somethingNew' } },
      { file: 'src/kb/index.ts', line: 94, owner: { kind: 'code', name: 'idMentionPattern' } },
      { file: 'src/kb/index.ts', line: 95, owner: { kind: 'code', name: 'idMentionPattern' } },
    ]);
    expect(patterns).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('builds no pattern any more'))).toEqual([
      '  src/model/durations.ts:5  PART is built at run time: export it from src/model/durations.ts (a RegExp, or an array or object holding them) so this test checks the pattern as built',
      "  src/kb/index.ts:9  somethingNew builds 1 pattern(s) at run time: list 'src/kb/index.ts#somethingNew' in BUILT_IN_CODE with the patterns it builds from the defaults, or build it at module level and export it",
      "  src/kb/index.ts:94, 95  idMentionPattern builds 2 pattern(s) at run time: list 'src/kb/index.ts#idMentionPattern' in BUILT_IN_CODE with the patterns it builds from the defaults, or build it at module level and export it",
    ]);
  });

  // Without this, a checker that came back 'safe' for everything would pass the test below.
  it('as configured, the checker flags patterns this test exists to stop', async () => {
    const old = [
      { where: 'old src/model/durations.ts', source: String.raw`(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])`, flags: 'gi' },
      { where: 'old src/parse/fast-blocks.ts', source: ' +$', flags: '' },
    ];
    const verdicts = await checkAll(old);
    expect(verdicts.map(({ diagnostics }) => diagnostics.status)).toEqual(['vulnerable', 'vulnerable']);
  }, 60_000);

  it('every one in src/ runs in linear time, as recheck proves', async () => {
    const { literals, sites } = scanTree();
    const { patterns: built, problems } = await builtPatterns(sites);
    expect(problems, `Regular expressions built at run time that this test cannot check:\n${problems.join('\n')}`).toEqual([]);

    const verdicts = await checkAll([...literals, ...built]);
    const failures = verdicts.filter(({ diagnostics }) => diagnostics.status !== 'safe').sort((a, b) => a.pattern.where.localeCompare(b.pattern.where, 'en', { numeric: true }));
    expect(failures.length, `${failures.length} regular expression(s) under src/ are not proven linear by recheck:\n${failures.map(describeVerdict).join('\n')}\n\n${ADVICE}`).toBe(0);
    // The scan itself must have found something, or a broken scan would pass.
    expect(literals.length).toBeGreaterThan(100);
    expect(built.length).toBeGreaterThan(20);
  }, 300_000);
});

describe('patterns of the JSON Schemas under schemas/', () => {
  it('finds every pattern keyword and patternProperties key of a schema, by JSON pointer, and no data', () => {
    const found = schemaPatterns({
      properties: { pattern: { type: 'string', pattern: 'a' }, 'a/b~': { prefixItems: [true, { pattern: 'b' }] } },
      patternProperties: { '^x-': { not: { pattern: 'c' } } },
      $defs: { d: { anyOf: [{ propertyNames: { pattern: 'd' } }] } },
      examples: [{ pattern: 'example' }],
      default: { pattern: 'default' },
      enum: [{ pattern: 'enum' }],
    });
    expect(found).toEqual([
      { pointer: '/properties/pattern/pattern', source: 'a' },
      { pointer: '/properties/a~1b~0/prefixItems/1/pattern', source: 'b' },
      { pointer: '/patternProperties/^x-', source: '^x-', key: true },
      { pointer: '/patternProperties/^x-/not/pattern', source: 'c' },
      { pointer: '/$defs/d/anyOf/0/propertyNames/pattern', source: 'd' },
    ]);
  });

  it('every one runs in linear time, as recheck proves, with the flags Ajv compiles it with', async () => {
    const { patterns, problems, flags } = schemaFilePatterns();
    expect(problems, `Patterns Ajv compiles from schemas/ that this test does not check:\n${problems.join('\n')}`).toEqual([]);
    expect([...flags], 'Ajv compiles every pattern with one set of flags').toHaveLength(1);

    const verdicts = await checkAll(patterns);
    const failures = verdicts.filter(({ diagnostics }) => diagnostics.status !== 'safe');
    expect(failures.length, `${failures.length} pattern(s) in schemas/ are not proven linear by recheck:\n${failures.map(describeVerdict).join('\n')}\n\n${ADVICE}`).toBe(0);
    // The walk must have found the schemas' patterns, or a broken walk would pass.
    expect(patterns.length).toBeGreaterThan(5);
  }, 300_000);
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

/**
 * The layers of docs/architecture.md, checked on the import graph of src/:
 * what each folder may import, where the disk, the process and GitHub's
 * libraries may be reached, and no import cycle between files. An import
 * that breaks a rule fails here, naming the file and what to do.
 */

/** What each folder may import besides itself (data flows one way: files → model → findings / index → plans → GitHub). */
const MAY_IMPORT: Record<string, string[]> = {
  model: [],
  schema: ['model'],
  presets: [],
  config: ['model', 'schema', 'presets'],
  parse: ['model', 'config'],
  adopt: ['model', 'config', 'parse'],
  kb: ['model', 'config', 'parse'],
  rules: ['model', 'config', 'parse', 'kb', 'schema'],
  lint: ['model', 'config', 'parse', 'kb', 'rules'],
  report: ['model', 'config', 'parse', 'kb', 'lint', 'rules', 'tracked', 'sync', 'escalate', 'review'],
  github: ['model'],
  tracked: ['model', 'github'],
  sync: ['model', 'config', 'parse', 'kb', 'github', 'tracked'],
  escalate: ['model', 'config', 'parse', 'kb', 'github', 'tracked'],
  review: ['model', 'config', 'parse', 'kb', 'lint', 'rules', 'tracked', 'sync', 'github'],
  draft: ['model', 'config', 'kb'],
  site: ['model', 'kb'],
  workspace: ['model', 'schema', 'config', 'parse', 'kb', 'rules', 'lint', 'draft'],
  cli: ['model', 'schema', 'config', 'parse', 'adopt', 'kb', 'rules', 'lint', 'report', 'tracked', 'sync', 'escalate', 'review', 'draft', 'site', 'workspace'],
  action: ['model', 'schema', 'config', 'parse', 'kb', 'rules', 'lint', 'report', 'tracked', 'sync', 'escalate', 'review', 'draft', 'github', 'workspace'],
};

/** Escaping document text as text is shared by everything that writes for people: the planners render issue bodies with it. */
const SHARED_FILES = new Set(['report/inert.ts']);

/** Only the shells and the edges reach the disk, the process, the network and GitHub's libraries. */
const EDGE_MODULES: { pattern: RegExp; folders: string[] }[] = [
  // The CLI reads and writes through its injected file system (io.fs), so that it runs on a virtual one.
  { pattern: /^node:(fs|fs\/promises)$/, folders: ['workspace', 'action', 'github'] },
  { pattern: /^node:(child_process|worker_threads|vm|os|net|http|https)$/, folders: ['workspace', 'cli', 'action', 'github'] },
  { pattern: /^(@actions\/|@octokit\/|bottleneck$)/, folders: ['github', 'action'] },
];
const PROCESS_FOLDERS = ['workspace', 'cli', 'action', 'github'];

interface Import {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const SRC = join(REPO, 'src');

/** Every import of every file of src/ (static, dynamic and require), relative paths resolved to src/-relative files. */
function importGraph(): { imports: Import[]; processUses: string[] } {
  const imports: Import[] = [];
  const processUses: string[] = [];
  for (const path of sourceFiles(SRC)) {
    const from = relative(SRC, path);
    const text = readFileSync(path, 'utf8');
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      const to = fileName.startsWith('.') ? relative(SRC, normalize(join(dirname(path), fileName))).replace(/\.js$/, '.ts') : fileName;
      imports.push({ from, to });
    }
    if (/\bprocess\.(env|argv|cwd|exit|stdout|stderr|stdin|exitCode|on)\b/.test(text)) processUses.push(from);
  }
  return { imports, processUses };
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

/** The rule an import breaks, or undefined. */
function breaks({ from, to }: Import): string | undefined {
  const source = folderOf(from);
  if (!to.includes('/') || to.startsWith('node:') || to.startsWith('@') || !to.endsWith('.ts') || to.startsWith('..')) {
    const edge = EDGE_MODULES.find((rule) => rule.pattern.test(to));
    if (edge && !edge.folders.includes(source)) return `${from} imports ${to}: only ${edge.folders.join(', ')} may`;
    // Data of the repository (the package's version, the schemas, the template) is bundled like code.
    if (to.startsWith('..') && !/\.(json|md)$/.test(to)) return `${from} imports ${to}, outside src/`;
    return undefined;
  }
  const target = folderOf(to);
  // The octokit client is made by the action's entry alone; everything else is given the port.
  if (to === 'github/client.ts' && source !== 'action' && source !== 'github') return `${from} imports github/client.ts: only action/ makes the client; take a GitHubPort`;
  if (target === source || SHARED_FILES.has(to)) return undefined;
  const allowed = MAY_IMPORT[source];
  if (!allowed) return `${from}: the folder ${source}/ is not in docs/architecture.md`;
  return allowed.includes(target) ? undefined : `${from} imports ${to}: ${source}/ may import ${allowed.join(', ') || 'nothing'} (docs/architecture.md)`;
}

/** File-level cycles, as the files on each strongly connected component of more than one file. */
function cycles(imports: Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const { from, to } of imports) if (to.endsWith('.ts') && !to.startsWith('..')) edges.set(from, [...(edges.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return components;
}

describe('the layers of docs/architecture.md hold on the import graph', () => {
  const { imports, processUses } = importGraph();

  it('reads a graph worth checking', () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(new Set(imports.map((entry) => folderOf(entry.from)))).toEqual(new Set(Object.keys(MAY_IMPORT).filter((folder) => folder !== 'presets')));
  });

  it('every folder imports only the folders below it, and the edges reach the world', () => {
    const broken = imports.flatMap((entry) => breaks(entry) ?? []);
    expect(broken, 'move the code to the layer it belongs in, or pass what it needs in from the caller').toEqual([]);
  });

  it('only the shells and the edges use `process`', () => {
    expect(processUses.filter((file) => !PROCESS_FOLDERS.includes(folderOf(file)))).toEqual([]);
  });

  it('no two files import each other, directly or around a loop', () => {
    expect(cycles(imports)).toEqual([]);
  });

  it('would catch a break: a rule importing the engine, the parser or the CLI reading the disk, a planner importing octokit or the client, a loop', () => {
    expect(breaks({ from: 'rules/timeline.ts', to: 'lint/engine.ts' })).toMatch(/rules\/ may import/);
    expect(breaks({ from: 'parse/document.ts', to: 'node:fs' })).toMatch(/only workspace, action, github may/);
    expect(breaks({ from: 'cli/new.ts', to: 'node:fs' })).toMatch(/only workspace, action, github may/);
    expect(breaks({ from: 'review/sticky-comment.ts', to: 'github/client.ts' })).toMatch(/only action\/ makes the client/);
    expect(breaks({ from: 'review/sticky-comment.ts', to: 'github/apply.ts' })).toBeUndefined();
    expect(breaks({ from: 'sync/plan.ts', to: '@octokit/plugin-retry' })).toMatch(/only github, action may/);
    expect(breaks({ from: 'kb/index.ts', to: 'report/inert.ts' })).toBeUndefined();
    expect(cycles([...imports, { from: 'model/dates.ts', to: 'model/clock.ts' }, { from: 'model/clock.ts', to: 'model/dates.ts' }])).toContainEqual(['model/clock.ts', 'model/dates.ts']);
  });
});

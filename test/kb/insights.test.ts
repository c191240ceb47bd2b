import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import picomatch from 'picomatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTimelineDiagram } from '../../src/report/mermaid.js';
import { copyOfKnowledgeBase, REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

const mermaidBlocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('postmortem metrics', () => {
  it('matches durations computed by hand from the seed incidents, from impact start', async () => {
    const { stdout } = await run(['metrics', '--format', 'json']);
    const report = JSON.parse(stdout) as { incidents: { id: string; minutes: Record<string, number | null> }[]; aggregate: Record<string, { median: number; p90: number }>; actionItems: Record<string, number> };
    const minutes = Object.fromEntries(report.incidents.map((incident) => [incident.id, incident.minutes]));
    // 14:02 impact, 14:05 alert, 14:08 declared, 14:20 pool resized, 14:25 normal.
    expect(minutes['INC-20240115-0042']).toEqual({ detect: 3, acknowledge: 6, mitigate: 18, resolve: 23 });
    // 09:40, 10:05, 11:10, 11:30; and 15:20, 15:32, 16:05, 16:40.
    expect(minutes['INC-20231015-0008']).toEqual({ detect: 25, acknowledge: null, mitigate: 90, resolve: 110 });
    expect(minutes['INC-20231201-0019']).toEqual({ detect: 12, acknowledge: null, mitigate: 45, resolve: 80 });
    expect(report.aggregate.resolve).toMatchObject({ median: 80, p90: 110 });
    expect(report.actionItems).toEqual({ total: 14, done: 2, wontDo: 0, open: 12 });
    const csv = (await run(['metrics', '--format', 'csv', '--since', '2024-01-01'])).stdout.split('\n');
    expect(csv[0]).toBe('id,date,severity,time_to_detect,time_to_acknowledge,time_to_mitigate,time_to_resolve,items_total,items_done,items_open');
    expect(csv).toContain('INC-20240115-0042,2024-01-15,SEV2,3,6,18,23,5,0,5');
    expect(csv.filter(Boolean)).toHaveLength(3);
  });
});

describe('postmortem index', () => {
  it('is checked in and current', async () => {
    expect(await run(['index', '--check'])).toMatchObject({ code: 0, stdout: 'postmortems/README.md is up to date\n' });
  });

  it('fails the check when a postmortem changed, and writes the same bytes every time', async () => {
    const root = copyOfKnowledgeBase('pm-index-');
    const file = join(root, 'postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: API Gateway Connection Pool Exhaustion', 'title: Pool exhaustion'));
    expect((await run(['index', '--check'], root)).code).toBe(1);
    await run(['index'], root);
    const first = readFileSync(join(root, 'postmortems/README.md'), 'utf8');
    await run(['index'], root);
    expect(readFileSync(join(root, 'postmortems/README.md'), 'utf8')).toBe(first);
    expect(first).toContain('| 2024-01-15 | [INC-20240115-0042](2024-01-15-api-gateway-connection-pool-exhaustion.md) | Pool exhaustion | SEV2 |');
    // Each lesson once, with the incident that learned it and its tags (no longer repeated under every tag).
    expect(first).toContain('- Connection pools need explicit sizing - Defaults are often insufficient (INC-20240115-0042; bulk-operations, capacity, connection-pool, database, deployment)');
    expect(first.split('Connection pools need explicit sizing').length - 1).toBe(1);
    expect((await run(['index', '--check'], root)).code).toBe(0);
  });
});

describe('Mermaid diagrams, checked by mermaid’s own parser', () => {
  let parse: (text: string) => Promise<unknown>;
  beforeAll(async () => {
    // Mermaid's parser runs under Node given a DOM.
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    Object.assign(globalThis, { window: dom.window, document: dom.window.document, Element: dom.window.Element, HTMLElement: dom.window.HTMLElement });
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false });
    parse = (text) => mermaid.parse(text);
  }, 60_000);

  it('accepts every block of the index page and the review timelines', async () => {
    const blocks = mermaidBlocks(readFileSync(join(REPO, 'postmortems/README.md'), 'utf8'));
    expect(blocks.length).toBe(4);
    blocks.push(...mermaidBlocks(formatTimelineDiagram('INC-1: a "quoted" title; with #hash', [{ time: '23:40', event: 'Rotation: chain missing; alerts #2 "fired"' }, { time: '00:10', event: 'Restored' }])));
    for (const block of blocks) await expect(parse(block)).resolves.toBeTruthy();
  });

  it('rejects a broken chart, so the check above can fail', async () => {
    await expect(parse('xychart-beta\n    x-axis ["2024-Q1", "2024-Q2"\n    bar [1, 2]\n')).rejects.toThrow();
  });
});

describe('editors', () => {
  it('associate the config schema with the config file (front matter in Markdown is validated by postmortem lint, not the editor)', () => {
    const settings = JSON.parse(readFileSync(join(REPO, '.vscode/settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    const [[schema, files]] = Object.entries(settings['yaml.schemas']) as [[string, string[]]];
    expect(JSON.parse(readFileSync(join(REPO, schema), 'utf8')).title).toMatch(/config/i);
    expect(files).toContain('.postmortemrc.yml');
    for (const name of readdirSync(join(REPO, 'postmortems'))) expect(readFileSync(join(REPO, 'postmortems', name), 'utf8')).not.toMatch(/yaml-language-server/);
  });
});

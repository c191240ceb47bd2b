import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { Repository, runAction } from '../support/runner.js';
import { runCli } from '../support/cli.js';
import { fixture, REPO } from '../helpers.js';

/**
 * The action's `sarif-file` (the bundle: POSTMORTEM_KB_ACTION_BUNDLE, else
 * dist/index.js) is the CLI's `--format sarif`, rules' help and results'
 * fingerprints included, and its fingerprints hold when an edit moves the
 * findings down the file.
 */

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const FILE = 'postmortems/2024-03-01-cron-owners.md';
const BROKEN = fixture('rules/action-item-owner/fail.md');

let fake: FakeGitHub;
afterEach(async () => fake?.close());

interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; help?: { markdown: string } }[] } };
    results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

describe('the action’s sarif-file', () => {
  it('is what `postmortem lint --format sarif` prints, and its fingerprints survive lines added above the findings', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    repository.commit({ ...BUNDLED, [FILE]: BROKEN }, 'knowledge base');
    const lint = async () => {
      const run = await runAction({ fake, workspace: repository.dir, event: { name: 'workflow_dispatch', payload: {} }, inputs: { mode: 'lint', 'sarif-file': 'results.sarif' } });
      expect(run.exitCode).toBe(1);
      return readFileSync(join(repository.dir, 'results.sarif'), 'utf8');
    };
    const first = await lint();
    expect(first).toBe((await runCli(['lint', '--format', 'sarif'], repository.dir)).stdout);
    const before = JSON.parse(first) as Sarif;
    expect(before.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'action-item-owner')!.help!.markdown).toBe(readFileSync(join(REPO, 'docs/rules/action-item-owner.md'), 'utf8').trimEnd());
    // The broken postmortem's six findings (its owners and a placeholder), beside the other files' (without a config, the recommended preset).
    const edited = (sarif: Sarif) => sarif.runs[0]!.results.filter((result) => result.locations[0]!.physicalLocation.artifactLocation.uri === FILE);
    expect(edited(before)).toHaveLength(6);

    repository.commit({ [FILE]: BROKEN.replace('Nobody owned the job.', 'Nobody owned the job.\n\nIt ran, unowned, for a year.\nThen it failed.') }, 'edit above the findings');
    const after = JSON.parse(await lint()) as Sarif;
    const lines = (sarif: Sarif) => edited(sarif).map((result) => result.locations[0]!.physicalLocation.region.startLine);
    expect(lines(after)).toEqual(lines(before).map((line) => line + 3));
    const fingerprints = (sarif: Sarif) => edited(sarif).map((result) => `${result.ruleId} ${result.partialFingerprints[FINGERPRINT_KEY]}`);
    expect(new Set(fingerprints(before)).size).toBe(6);
    expect(fingerprints(after)).toEqual(fingerprints(before));
  });
});

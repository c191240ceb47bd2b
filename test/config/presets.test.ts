import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/resolve.js';
import { fixture, lint, presetConfig, where } from '../helpers.js';


describe('presets', () => {
  it('exist for the seed method and the public templates, and each resolves against the config schema', () => {
    expect(Object.keys(PRESETS).sort()).toEqual(['atlassian', 'dfds', 'google-sre', 'pagerduty', 'recommended']);
    for (const name of Object.keys(PRESETS)) expect(() => presetConfig(name)).not.toThrow();
  });

  for (const name of ['google-sre', 'pagerduty', 'atlassian']) {
    it(`${name}: a postmortem written in that template lints clean with the preset, not with the default`, () => {
      const text = fixture(`presets/${name}.md`);
      expect(lint(text, presetConfig(name))).toEqual([]);
      expect(lint(text).filter((finding) => finding.severity === 'error').length).toBeGreaterThan(0);
    });
  }

  it('pagerduty: action items of a SEV-1 are due within 15 days', () => {
    const text = fixture('presets/pagerduty.md').replace('severity: SEV-2', 'severity: SEV-1');
    expect(where(lint(text, presetConfig('pagerduty')))).toEqual(['action-item-due@60']);
  });
});

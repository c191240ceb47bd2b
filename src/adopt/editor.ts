/**
 * `.vscode/settings.json` as `postmortem init` writes it: the Red Hat YAML
 * extension (`redhat.vscode-yaml`) validates `.postmortemrc.yml` against the
 * configuration schema, fetched from its `$id`, and completes and documents
 * its keys. The extension reads YAML files only, never the front matter of a
 * Markdown file: `postmortem lint` (in the terminal, the action and the
 * pre-commit hook) is what validates a postmortem's frontmatter.
 */
export function editorSettings(configSchemaUrl: string): { 'yaml.schemas': Record<string, string[]> } {
  return { 'yaml.schemas': { [configSchemaUrl]: ['.postmortemrc.yml', '.postmortemrc.yaml'] } };
}

export function editorSettingsText(configSchemaUrl: string): string {
  return `${JSON.stringify(editorSettings(configSchemaUrl), null, 2)}\n`;
}

import { statusOf, type GitHubPort } from './port.js';

/** Creates the labels the repository lacks (names compare case-insensitively, as GitHub's do), with one list. */
export async function ensureLabels(github: GitHubPort, labels: readonly { name: string; color: string; description: string }[]): Promise<void> {
  if (labels.length === 0) return;
  const existing = new Set((await github.listLabels()).map((name) => name.toLowerCase()));
  for (const label of labels) {
    if (existing.has(label.name.toLowerCase())) continue;
    try {
      await github.createLabel(label);
    } catch (error) {
      // Another run created it meanwhile.
      if (statusOf(error) !== 422) throw error;
    }
  }
}
